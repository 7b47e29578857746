using System.Text.Json;
using Pharos.Domain;
using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.Notifications;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>Each failover move raises its event once, saved with the move itself.</summary>
public sealed class SqliteFailoverEventTests() : FailoverEventTests(SqlDialect.Sqlite);

public sealed class PostgresFailoverEventTests() : FailoverEventTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class FailoverEventTests : DialectAppTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FailoverMachine _m = new(FailoverTestPolicies.Policy("failback: { mode: automatic, hold: 1m, recover_after: 2 }"));
    private readonly FailoverEvents _events;
    private readonly List<DomainEvent> _raised = [];
    private PolicyState _s;
    private DateTimeOffset _now = T0;

    protected FailoverEventTests(SqlDialect dialect)
        : base(dialect)
    {
        _events = new FailoverEvents(_m.Policy, new Uri("http://status.example/"));
        _s = _m.Initial(T0);
    }

    private void Take(FailoverDecision d, PublishFailure? failure = null)
    {
        _raised.AddRange(_events.Of(_s, d, _now, failure));
        _s = d.State;
    }

    private void Result(bool ok)
    {
        _now = _now.AddSeconds(5);
        Take(_m.Observe(_s, "primary-http", ok, _now, ok ? "200" : "connection refused"));
    }

    private void Tick(TimeSpan by)
    {
        _now += by;
        Take(_m.Tick(_s, _now));
    }

    private void Published() => Take(_m.Applied(_s, _s.WantedSide, _now, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80)));

    [SkippableFact]
    public void A_failover_and_its_way_back_raise_the_four_events_once_each_in_order()
    {
        Result(false);
        Result(false);
        Result(false);
        Tick(TimeSpan.FromSeconds(1));
        Published();
        Result(false);
        Result(true);
        Result(true);
        Tick(TimeSpan.FromSeconds(30));
        Tick(TimeSpan.FromSeconds(31));
        Published();
        Tick(TimeSpan.FromSeconds(1));

        _s.State.ShouldBe(FailoverState.Primary);
        _raised.Select(e => e.Kind).ShouldBe([EventKinds.FailoverFailingOver, EventKinds.FailoverFailedOver, EventKinds.FailoverFailingBack, EventKinds.FailoverBackOnPrimary]);
        _raised.ShouldAllBe(e => e.SubjectType == "policy" && e.SubjectId == "shop" && e.Actor == "system:failover");
        var failingOver = Detail(_raised[0]);
        (failingOver["policy"], failingOver["from"], failingOver["to"]).ShouldBe(("shop", "primary", "failover"));
        failingOver["reason"].ShouldContain("connection refused");
        failingOver["components"].ShouldBe("app");
        failingOver["url"].ShouldBe("http://status.example/admin/failover/shop");
        var back = Detail(_raised[3]);
        (back["from"], back["to"]).ShouldBe(("failover", "primary"));
    }

    [SkippableFact]
    public void A_primary_down_while_pinned_is_refused_once_per_outage()
    {
        Take(_m.Pin(_s, FailoverSide.Primary, _now, "user:alice", "deploying"));
        for (var i = 0; i < 6; i++)
        {
            Result(false);
            Tick(TimeSpan.FromSeconds(1));
        }

        _s.State.ShouldBe(FailoverState.Pinned, "pinned means pinned");
        var refused = _raised.ShouldHaveSingleItem();
        refused.Kind.ShouldBe(EventKinds.FailoverRefused);
        Detail(refused)["reason"].ShouldContain("pinned to the primary");

        Result(true);
        Result(true);
        Tick(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            Result(false);
        }

        Tick(TimeSpan.FromSeconds(1));
        _raised.Count(e => e.Kind == EventKinds.FailoverRefused).ShouldBe(2, "a second outage is a second refusal");
    }

    [SkippableFact]
    public void A_provider_that_keeps_failing_raises_one_error_per_streak_and_verification_failures_are_their_own_kind()
    {
        Result(false);
        Result(false);
        Result(false);
        for (var i = 0; i < 4; i++)
        {
            _now = _now.AddSeconds(2);
            Take(FailoverMachine.ApplyFailed(_s, "Failover: 403 Forbidden"), new PublishFailure(FailoverSide.Failover, "403 Forbidden", Verification: false));
        }

        Published();
        Result(true);
        Result(true);
        Tick(TimeSpan.FromMinutes(2));
        Take(FailoverMachine.ApplyFailed(_s, "Primary: not consistent"), new PublishFailure(FailoverSide.Primary, "not consistent on every nameserver", Verification: true));

        _raised.Select(e => e.Kind).ShouldBe([
            EventKinds.FailoverFailingOver, EventKinds.FailoverProviderError, EventKinds.FailoverFailedOver, EventKinds.FailoverFailingBack, EventKinds.FailoverVerificationFailed]);
        Detail(_raised[1])["error"].ShouldBe("403 Forbidden");
        Detail(_raised[4])["to"].ShouldBe("primary");
    }

    [SkippableFact]
    public void A_command_the_machine_would_not_take_is_refused_by_the_operator_as_a_warning()
    {
        var e = _events.Refused(_s, "user:alice", "resume", "the policy is Primary", _now);
        (e.Kind, e.Actor).ShouldBe((EventKinds.FailoverRefused, "user:alice"));
        Detail(e)["severity"].ShouldBe("warning");
    }

    [SkippableFact]
    public async Task Through_a_restart_each_move_is_in_the_event_log_once_and_a_failed_save_leaves_no_event()
    {
        var port = FreePort();
        using var data = new TempDir();
        await using (var app = await StartAppAsync(BuiltinYaml(port), dataDirectory: data.Path))
        {
            var controller = app.Services.GetRequiredService<FailoverController>();
            var db = app.Services.GetRequiredService<Database>();
            await using (await db.BreakWritesAsync("failover_events"))
            {
                Fail(controller, false, false, false);
                (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary, "the move could not be saved, so it did not happen");
            }

            (await PolicyEventsAsync(app)).ShouldBeEmpty("no event for a move that was not saved");
            Fail(controller, false);
            await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver);
        }

        await using (var app = await StartAppAsync(BuiltinYaml(port), dataDirectory: data.Path))
        {
            var controller = app.Services.GetRequiredService<FailoverController>();
            (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.FailedOver);
            var resumed = await app.Services.GetRequiredService<IFailoverCommands>().RunAsync(new FailoverCommand("shop", FailoverCommandKind.Resume, Pharos.Audit.Actor.System("test"), "try"), CancellationToken.None);
            resumed.ShouldBeOfType<FailoverCommandResult.Done>().Moved.ShouldBeFalse();
            Fail(controller, true, true);
            await Until(() => controller.StateOf("shop")!.State == FailoverState.Primary, TimeSpan.FromSeconds(15));
            var kinds = (await PolicyEventsAsync(app)).Select(e => e.Kind).ToList();
            kinds.ShouldBe([
                EventKinds.FailoverFailingOver, EventKinds.FailoverFailedOver, EventKinds.FailoverRefused, EventKinds.FailoverFailingBack, EventKinds.FailoverBackOnPrimary]);
        }
    }

    private static void Fail(FailoverController controller, params bool[] results)
    {
        foreach (var ok in results)
        {
            controller.Observe("primary-http", ok, DateTimeOffset.UtcNow, ok ? "200 OK" : "connection refused");
        }
    }

    private static async Task<IReadOnlyList<DomainEvent>> PolicyEventsAsync(TestApp app)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await DomainEventRows.ReadAsync(c, 0, 1000, CancellationToken.None)).Where(e => e.SubjectType == "policy").ToList();
    }

    private static Dictionary<string, string> Detail(DomainEvent e) => JsonSerializer.Deserialize<Dictionary<string, string>>(e.Detail!)!;
}
