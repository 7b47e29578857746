using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;
using Pharos.Writes;

namespace Pharos.Tests.Writes;

/// <summary>
/// The database stops taking writes under load (its filesystem is full: a read-only remount is refused by the kernel
/// while the database is open for writing, and a full disk fails every write the same way while reads go on).
/// </summary>
public sealed class UnwritableDatabaseTests : IAsyncLifetime
{
    private readonly TempDir _mountPoint = new();
    private bool _mounted;

    public async Task InitializeAsync()
    {
        Skip.IfNot(Environment.UserName == "root", "mounting a small tmpfs needs root (CI runs as root)");
        await Run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", _mountPoint.Path);
        _mounted = true;
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            await Run("umount", "-l", _mountPoint.Path);
        }

        _mountPoint.Dispose();
    }

    [SkippableFact]
    public async Task The_page_keeps_serving_and_moving_from_memory_and_writes_catch_up_when_the_disk_has_room_again()
    {
        var data = Path.Combine(_mountPoint.Path, "data");
        Directory.CreateDirectory(data);
        // The node's own heartbeat row would otherwise keep writing into the log this test empties before filling the disk.
        await using var app = await TestApp.StartAsync(dataDirectory: data, adjust: c => c with { Node = c.Node with { Heartbeat = TimeSpan.FromMinutes(1), LeaseTtl = TimeSpan.FromMinutes(5) } });
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite, Scopes.MaintenanceWrite);
        var incident = await (await api.PostJsonAsync("/api/v1/incidents", new { name = "Checkout slow", message = "Looking into it.", components = new Dictionary<string, string> { ["app"] = "degraded_performance" } })).JsonAsync();
        var incidentId = incident.GetProperty("id").GetString()!;
        var start = DateTimeOffset.UtcNow.AddSeconds(4);
        var scheduled = await api.PostJsonAsync("/api/v1/maintenances", new
        {
            name = "Cache upgrade",
            scheduled_for = start.ToString("O"),
            scheduled_until = start.AddHours(1).ToString("O"),
            components = new[] { "app" },
            message = "We will upgrade the cache.",
        });
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Created);
        var maintenanceId = (await scheduled.JsonAsync()).GetProperty("id").GetString()!;

        // Readers hammer the page and the API for the whole test; every answer must be a 200.
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var served = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var path in new[] { "/", "/api/v2/summary.json", $"/incidents/{incidentId}" })
                {
                    using var r = await app.Client.GetAsync(path, CancellationToken.None);
                    Interlocked.Increment(ref served);
                    if (r.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        })).ToArray();

        var filler = FillDisk(app);
        var before = await app.Store.GetIncidentAsync(incidentId, default);
        var refused = await api.PostJsonAsync($"/api/v1/incidents/{incidentId}/updates", new { message = "This cannot be stored now." });
        ((int)refused.StatusCode).ShouldBeGreaterThanOrEqualTo(500, "a write the database cannot take is an error, not a success");
        var after = await app.Store.GetIncidentAsync(incidentId, default);
        AuditJson.Of(after).ShouldBe(AuditJson.Of(before), "the failed write left the incident as it was");

        // The window opens while nothing can be written: the page shows it from memory, the database does not have it yet.
        await Eventually.TrueAsync(async () => ActiveIds(await app.Client.GetStringAsync("/api/v2/scheduled-maintenances/active.json")).Contains(maintenanceId), TimeSpan.FromSeconds(20));
        (await app.Store.GetMaintenanceAsync(maintenanceId, default))!.Status.ShouldBe(MaintenanceStatus.Scheduled);
        (await app.Client.GetStringAsync("/api/v2/summary.json")).ShouldContain("under_maintenance");

        // Room again: the maintenance clock writes the edge by itself, audited as itself, and writes work.
        File.Delete(filler);
        await Eventually.TrueAsync(async () => (await app.Store.GetMaintenanceAsync(maintenanceId, default))!.Status == MaintenanceStatus.InProgress, TimeSpan.FromSeconds(20));
        var audit = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = maintenanceId }, default);
        audit.ShouldContain(a => a.Actor.ToString() == MaintenanceClock.Actor.ToString() && a.Action == "maintenance.advance");
        (await api.PostJsonAsync($"/api/v1/incidents/{incidentId}/updates", new { message = "Stored again." })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await stop.CancelAsync();
        await Task.WhenAll(load);
        served.ShouldBeGreaterThan(30);
        failures.ShouldBe(0, $"{failures} of {served} page and API requests failed while the database could not be written");
    }

    /// <summary>Empties the write-ahead log into the database, then fills what is left of the filesystem.</summary>
    private string FillDisk(TestApp app)
    {
        var db = app.Services.GetRequiredService<SqliteDatabase>().Path;
        using (var c = new SqliteConnection($"Data Source={db}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            // A reader in the middle of a transaction makes the checkpoint stop short (busy = 1), leaving log space that a
            // later write could reuse without needing the disk; the readers here are short, so a few tries empty it.
            for (var attempt = 0; attempt < 200; attempt++)
            {
                using var reader = cmd.ExecuteReader();
                reader.Read();
                if (reader.GetInt64(0) == 0 && reader.GetInt64(1) <= 0)
                {
                    break;
                }

                Thread.Sleep(10);
            }
        }

        var filler = Path.Combine(_mountPoint.Path, "filler");
        var block = new byte[1 << 16];
        using var f = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            while (true)
            {
                f.Write(block);
                f.Flush();
            }
        }
        catch (IOException)
        {
            // No space left: exactly what was wanted.
        }

        return filler;
    }

    private static HashSet<string> ActiveIds(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("scheduled_maintenances").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToHashSet();
    }

    private static async Task Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        await p.WaitForExitAsync();
        p.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', args)}: {await p.StandardError.ReadToEndAsync()}");
    }
}
