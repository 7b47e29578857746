using System.CommandLine;
using System.Runtime.InteropServices;
using Pharos.Config;
using Pharos.FailoverSite;
using Pharos.Hosting;
using Pharos.Markdown;
using Pharos.StaticSite;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos export`: `--site DIR` writes the whole public site as static files (with `--watch`, again at each change);
/// `--snapshot FILE` writes what the failover site needs (open incidents, the page indicator), so the standby
/// environment can serve it without reaching the primary's database.
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config", "-c") { Description = "Config file", DefaultValueFactory = _ => "pharos.yaml" };
        var data = new Option<string>("--data") { Description = "Data folder", DefaultValueFactory = _ => "data" };
        var snapshot = new Option<string?>("--snapshot") { Description = "Write the failover site's snapshot (JSON) to this file" };
        var site = new Option<string?>("--site") { Description = "Write the public site (pages, /api/v2, feeds, calendar, badges, assets, .gz and .br copies) to this folder" };
        var watch = new Option<bool>("--watch") { Description = "With --site: keep running and rewrite what changed within a second of each change" };
        var command = new Command("export", "Export the public site as static files, or data for the failover site") { config, data, snapshot, site, watch };
        command.Validators.Add(result =>
        {
            if (result.GetValue(snapshot) is null && result.GetValue(site) is null)
            {
                result.AddError("export needs --site DIR or --snapshot FILE");
            }

            if (result.GetValue(watch) && result.GetValue(site) is null)
            {
                result.AddError("--watch goes with --site DIR");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            PharosConfig loaded;
            try
            {
                loaded = ConfigLoader.LoadFile(parse.GetValue(config)!);
            }
            catch (ConfigException e)
            {
                foreach (var err in e.Errors)
                {
                    error.WriteLine(err.ToString());
                }

                return 1;
            }

            var db = loaded.Storage.Open(Path.GetFullPath(parse.GetValue(data)!));
            if (db is SqliteDatabase { Path: var dbPath } && !File.Exists(dbPath))
            {
                error.WriteLine($"pharos: no database at {dbPath}");
                return 2;
            }

            var store = new SqliteStatusStore(db);
            await store.MigrateAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(snapshot) is { } path)
            {
                await WriteSnapshotAsync(loaded, store, path, output, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(site) is { } folder)
            {
                await using var services = StaticSiteServices.Build(loaded, db);
                var exporter = services.GetRequiredService<SiteExporter>();
                if (!parse.GetValue(watch))
                {
                    var pass = await exporter.ExportOnceAsync(folder, ct).ConfigureAwait(false);
                    output.WriteLine($"wrote {Path.GetFullPath(folder)}: {pass.Files} files ({pass.Written} changed, {pass.Removed} removed), each with .gz and .br copies");
                    return 0;
                }

                // The command line leaves Ctrl+C and SIGTERM to the command (see PharosCli); a watch stops cleanly on either.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                output.WriteLine($"watching: {Path.GetFullPath(folder)} follows every change (Ctrl+C stops)");
                await exporter.WatchAsync(folder, null, stop.Token).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task WriteSnapshotAsync(PharosConfig loaded, SqliteStatusStore store, string path, TextWriter output, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var status = SnapshotBuilder.Build(loaded, await store.LoadAsync(now - StatusRefresher.HistoryWindow, ct).ConfigureAwait(false), now);
        var site = SiteSnapshot.From(status, new MarkdownRenderer());
        site.WriteTo(path);
        output.WriteLine($"wrote {path}: {site.Incidents.Count} open incident(s), indicator {site.Indicator}");
    }
}
