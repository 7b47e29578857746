using System.Collections.Concurrent;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Tests.Support;
using Pharos.Writes;
using Pharos.Storage;

namespace Pharos.Tests.Notifications;

/// <summary>A webhook receiver that is down for a minute misses nothing: every message arrives after it returns, in order.</summary>
public sealed class SqliteWebhookOutageTests() : WebhookOutageTests(SqlDialect.Sqlite);

public sealed class PostgresWebhookOutageTests() : WebhookOutageTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class WebhookOutageTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task Every_update_arrives_once_and_in_order_per_incident_after_the_receiver_comes_back()
    {
        var received = new ConcurrentQueue<(string Key, string Body)>();
        await using var receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            received.Enqueue((ctx.Request.Headers["Idempotency-Key"].ToString(), await reader.ReadToEndAsync()));
            ctx.Response.StatusCode = 204;
        });
        var yaml = TestConfigs.Basic + $"""

            notifications:
              channels:
                - {"{"} id: hook, type: webhook, url: "{receiver.Url("/hook")}" {"}"}
              routes:
                - {"{"} id: people, events: [incident.update_posted], channels: [hook] {"}"}
            """;
        var time = new FakeTime(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var app = await StartAppAsync(yaml, time: time);
        var writer = app.Services.GetRequiredService<StatusWriter>();
        await receiver.StopAsync();

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var n = i;
            var opened = await writer.CreateIncidentAsync(Actor.System("test"), "incident.create",
                (now, _) => Incident.Open($"Incident {n}", IncidentStatus.Investigating, new Dictionary<string, ComponentStatus>(), $"incident {n} update 0", now), x => x.Name, default);
            ids.Add(opened.Value!.Id);
        }

        for (var u = 1; u < 4; u++)
        {
            for (var i = 0; i < 3; i++)
            {
                var (n, m) = (i, u);
                await writer.ChangeIncidentAsync(ids[i], Actor.System("test"), "incident.update",
                    (x, now, _) => x.Post(IncidentStatus.Identified, $"incident {n} update {m}", new Dictionary<string, ComponentStatus>(), now), x => x.Name, default);
            }
        }

        // A minute of refused connections: the relay keeps trying, backing off, and holds each incident's later updates back.
        for (var s = 0; s < 60; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        received.ShouldBeEmpty();
        await receiver.RestartAsync();
        await Eventually.TrueAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
            return received.Count >= 12;
        }, TimeSpan.FromSeconds(30), "all twelve updates after the receiver returned");

        var all = received.ToList();
        all.Count.ShouldBe(12, "each message once");
        all.Select(r => r.Key).Distinct().Count().ShouldBe(12);
        for (var i = 0; i < 3; i++)
        {
            var order = all.Where(r => r.Body.Contains($"incident {i} update", StringComparison.Ordinal))
                .Select(r => r.Body[(r.Body.IndexOf($"incident {i} update ", StringComparison.Ordinal) + $"incident {i} update ".Length)..][0] - '0').ToList();
            order.ShouldBe([0, 1, 2, 3], $"incident {i}'s updates in the order they were posted");
        }
    }
}
