using System.Collections.Concurrent;
using Pharos.Notifications.Alerts;
using Pharos.Storage;
using Pharos.SystemTests.Support;
using Xunit.Abstractions;

namespace Pharos.SystemTests.Notifications;

/// <summary>Pharos killed with SIGKILL in the middle of a burst loses no message, and repeats are only ever of the same key.</summary>
public sealed class RelayCrashTests(ITestOutputHelper output)
{
    private const int Channels = 10;
    private const int Checks = 10;
    private const int EventsPerCheck = 10;
    private const int Messages = Channels * Checks * EventsPerCheck;

    [Fact]
    public async Task A_burst_of_a_thousand_messages_survives_a_sigkill_and_each_key_is_processed_once_at_the_receiver()
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var order = new ConcurrentQueue<(string Channel, string Check, int N)>();
        await using var receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            var key = ctx.Request.Headers["Idempotency-Key"].ToString();
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            // A receiver that drops repeats by key, as the idempotency key is meant to let it.
            if (seen.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
            {
                using var json = System.Text.Json.JsonDocument.Parse(body);
                var parts = json.RootElement.GetProperty("title").GetString()!.Split(' ');
                order.Enqueue((ctx.Request.Path.Value!, parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
            }

            await Task.Delay(3);
            ctx.Response.StatusCode = 200;
        });

        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var config = Path.Combine(dir.Path, "pharos.yaml");
        var channels = string.Join("\n", Enumerable.Range(0, Channels).Select(c => $"    - {{ id: c{c}, type: webhook, url: \"{receiver.Url($"/c{c}")}\", concurrency: 8 }}"));
        await File.WriteAllTextAsync(config, $"""
            site: {"{"} name: Crash Test, public_url: "http://127.0.0.1/" {"}"}
            components:
              - {"{"} id: app, name: Application {"}"}
            notifications:
              channels:
            {channels}
              routes:
                - {"{"} id: all, events: [check.down], channels: [{string.Join(", ", Enumerable.Range(0, Channels).Select(c => $"c{c}"))}] {"}"}
            """);
        var url = new Uri($"http://127.0.0.1:{PharosProcess.FreePort()}/");
        string[] args = ["serve", "--config", config, "--data", data, "--urls", url.ToString().TrimEnd('/')];

        var first = PharosProcess.Start(args);
        int atKill;
        try
        {
            await first.WaitUntilServingAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(60));

            // The burst, as monitoring would write it: a thousand messages from a hundred events, straight into the event log.
            var db = new SqliteDatabase(Path.Combine(data, "pharos.db"));
            await using (var c = await db.OpenAsync(default))
            {
                await using var tx = await c.BeginTransactionAsync();
                for (var n = 0; n < EventsPerCheck; n++)
                {
                    for (var k = 0; k < Checks; k++)
                    {
                        await DomainEventRows.InsertAsync(c, tx, OperationalEvent.Create("check.down", "check", $"k{k}", DateTimeOffset.UtcNow, "system:test", $"burst k{k} {n}", "x"), default);
                    }
                }

                await tx.CommitAsync();
            }

            await Eventually.TrueAsync(() => seen.Count >= Messages / 4, TimeSpan.FromSeconds(60), "a quarter of the burst delivered");
            first.Kill();
            atKill = seen.Count;
            atKill.ShouldBeLessThan(Messages, "killed in the middle of the burst");
        }
        finally
        {
            // Also when a step above fails: a child left running would outlive the test run.
            await first.DisposeAsync();
        }

        await using var second = PharosProcess.Start(args);
        await Eventually.TrueAsync(() => seen.Count == Messages, TimeSpan.FromSeconds(120), "every message delivered after the restart");
        var repeats = seen.Values.Sum() - seen.Count;
        output.WriteLine($"delivered before the kill: {atKill}; repeats after the restart (same key, dropped by the receiver): {repeats}");
        seen.Count.ShouldBe(Messages);
        order.Count.ShouldBe(Messages, "the receiver processed each key once");
        repeats.ShouldBeLessThanOrEqualTo(256, "only what was in flight at the kill is sent again");
        foreach (var g in order.GroupBy(o => (o.Channel, o.Check)))
        {
            g.Select(o => o.N).ShouldBe(Enumerable.Range(0, EventsPerCheck), $"{g.Key} in the order the events happened");
        }
    }
}
