using Pharos.Audit;
using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications;

/// <summary>The relay delivers every message: through retries, fallbacks, and in order per incident and channel.</summary>
public sealed class SqliteRelayTests() : RelayTests(SqlDialect.Sqlite);

public sealed class PostgresRelayTests() : RelayTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class RelayTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private static readonly RelayOptions FastRetries = new() { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), MaxAttempts = 4 };

    [SkippableFact]
    public async Task A_channel_that_always_fails_hands_its_message_to_the_fallback_and_when_that_fails_too_a_third_channel_hears_it_was_undeliverable()
    {
        var config = new NotificationsConfig
        {
            Relay = FastRetries,
            Routes = [new RouteConfig { Id = "oncall", Events = ["check.*"], Channels = ["broken"], Fallback = ["backup"] }],
            Undeliverable = ["last-resort"],
        };
        await using var app = await NotifyApp.StartAsync(Dialect, config, "broken", "backup", "last-resort");
        app["broken"].Answer = (_, _) => DeliveryResult.Retry("connection refused");

        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down");
        await Eventually.TrueAsync(async () =>
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(4));
            return app["backup"].Delivered.Count == 1;
        }, Within, "the fallback delivering");
        app["broken"].Calls.ShouldBe(FastRetries.MaxAttempts, "every attempt through the first channel before giving up on it");
        var delivered = app["backup"].Delivered[0];
        delivered.Notice.Title.ShouldBe("web is down");
        app["last-resort"].Calls.ShouldBe(0, "the message was delivered, by the fallback");

        // Now the fallback is broken as well: the message is dead, and the third channel says so.
        app["backup"].Answer = (_, _) => DeliveryResult.Fail("401 Unauthorized");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "api", "api is down");
        await Eventually.TrueAsync(async () =>
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(4));
            return app["last-resort"].Delivered.Count == 1;
        }, Within, "the undeliverable alert");
        var alert = app["last-resort"].Delivered[0].Notice;
        alert.Kind.ShouldBe(EventKinds.Undeliverable);
        alert.Title.ShouldBe("Undeliverable: api is down");
        alert.Text.ShouldContain("broken, backup");
        alert.Text.ShouldContain("401 Unauthorized");

        var dead = await app.Outbox.ListAsync(OutboxStatus.Dead, 10, CancellationToken.None);
        dead.Count.ShouldBe(1);
        dead[0].Tried.ShouldBe(["broken", "backup"]);
        var attempts = await app.Outbox.GetAttemptsAsync(dead[0].Id, CancellationToken.None);
        attempts.Count.ShouldBe(FastRetries.MaxAttempts + 1);
        attempts.ShouldAllBe(a => !a.Ok);

        // Re-sent from the admin once the channels work again: delivered through the first channel.
        app["broken"].Answer = (_, _) => DeliveryResult.Ok();
        (await app.Outbox.ResendAsync(dead[0].Id, app.Time.GetUtcNow(), CancellationToken.None)).ShouldBeTrue();
        await Eventually.TrueAsync(async () =>
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(1));
            return app["broken"].Delivered.Any(m => m.Notice.Title == "api is down");
        }, Within, "the re-sent message");
        app["broken"].Delivered.Single(m => m.Notice.Title == "api is down").IdempotencyKey.ShouldBe(dead[0].IdempotencyKey);
    }

    [SkippableFact]
    public async Task Messages_of_one_incident_arrive_in_order_through_a_channel_that_fails_at_random()
    {
        var config = new NotificationsConfig
        {
            Relay = FastRetries with { MaxAttempts = 50 },
            Routes = [new RouteConfig { Id = "people", Events = ["incident.update_posted"], Channels = ["flaky"] }],
        };
        await using var app = await NotifyApp.StartAsync(Dialect, config, "flaky");
        var random = new Random(7);
        app["flaky"].Answer = (_, _) => random.Next(3) == 0 ? DeliveryResult.Ok() : DeliveryResult.Retry("503 Service Unavailable");

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var opened = await app.Writer.CreateIncidentAsync(Actor.System("test"), "incident.create",
                (now, _) => Incident.Open($"Incident {i}", IncidentStatus.Investigating, new Dictionary<string, ComponentStatus>(), $"i{i} u0", now),
                x => x.Name, CancellationToken.None);
            ids.Add(opened.Value!.Id);
        }

        for (var u = 1; u < 5; u++)
        {
            foreach (var id in ids)
            {
                var n = u;
                await app.Writer.ChangeIncidentAsync(id, Actor.System("test"), "incident.update",
                    (x, now, _) => x.Post(IncidentStatus.Identified, $"{x.Name[^1..]} u{n}", new Dictionary<string, ComponentStatus>(), now),
                    x => x.Name, CancellationToken.None);
            }
        }

        await Eventually.TrueAsync(async () =>
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));
            return app["flaky"].Delivered.Count == 15;
        }, TimeSpan.FromSeconds(60), "all 15 updates delivered");
        for (var i = 0; i < 3; i++)
        {
            var texts = app["flaky"].Delivered.Where(m => m.Notice.SubjectId == ids[i]).Select(m => m.Notice.Text).ToList();
            texts.ShouldBe(Enumerable.Range(0, 5).Select(u => u == 0 ? $"i{i} u0" : $"{i} u{u}").ToList(), $"incident {i} in order");
        }
    }

    [SkippableFact]
    public async Task A_retry_after_from_the_receiver_is_honoured()
    {
        var config = new NotificationsConfig
        {
            Relay = FastRetries,
            Routes = [new RouteConfig { Id = "r", Events = ["check.*"], Channels = ["limited"] }],
        };
        await using var app = await NotifyApp.StartAsync(Dialect, config, "limited");
        app["limited"].Answer = (_, n) => n == 1 ? DeliveryResult.Retry("429 Too Many Requests", TimeSpan.FromSeconds(90)) : DeliveryResult.Ok();
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down");
        await Eventually.TrueAsync(() => app["limited"].Calls == 1, Within, "the first attempt");
        await app.AdvanceAsync(TimeSpan.FromSeconds(85));
        app["limited"].Calls.ShouldBe(1, "not before the receiver's Retry-After");
        await Eventually.TrueAsync(async () =>
        {
            await app.AdvanceAsync(TimeSpan.FromSeconds(1));
            return app["limited"].Delivered.Count == 1;
        }, Within, "the delivery after Retry-After");
    }

    [SkippableFact]
    public void Backoff_grows_exponentially_with_jitter_and_stops_at_the_ceiling()
    {
        var o = new RelayOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(10) };
        o.Backoff(1, 0).ShouldBe(TimeSpan.FromSeconds(2.5));
        o.Backoff(1, 1).ShouldBe(TimeSpan.FromSeconds(5));
        o.Backoff(4, 0.5).ShouldBe(TimeSpan.FromSeconds(30));
        o.Backoff(30, 1).ShouldBe(TimeSpan.FromMinutes(10));
        o.Backoff(30, 0).ShouldBe(TimeSpan.FromMinutes(5));
    }
}
