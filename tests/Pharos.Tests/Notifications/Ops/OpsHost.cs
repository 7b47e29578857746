using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Audit;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Health;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Ops;

/// <summary>
/// A Pharos with capturing channels and the given notification settings on a fake clock. The channel types are
/// not on main yet, so pharos.yaml cannot name a channel; routes are given here as the reader would build them.
/// </summary>
public static class OpsHost
{
    public static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    /// <summary>check.down to "primary", escalating to "pager" after a minute unacknowledged.</summary>
    public static readonly RouteConfig Escalating = new()
    {
        Id = "oncall",
        Events = [EventKinds.CheckDown],
        Channels = ["primary"],
        EscalateAfter = TimeSpan.FromMinutes(1),
        EscalateTo = ["pager"],
    };

    public static async Task<(TestApp App, FakeTime Time)> StartAsync(NotificationsConfig config, params CapturingChannel[] channels)
    {
        var time = new FakeTime(Start);
        var app = await TestApp.StartAsync(time: time, configure: s =>
        {
            s.Replace(ServiceDescriptor.Singleton(config));
            foreach (var c in channels)
            {
                s.AddSingleton<INotificationChannel>(c);
            }
        });
        return (app, time);
    }

    /// <summary>Raises check.down for a check and waits until the router has opened its alert; returns the alert's notice id.</summary>
    public static async Task<long> RaiseDownAsync(this TestApp app, string check, string title = "Check down")
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await app.Services.GetRequiredService<IAlertSink>().RaiseAsync(
            OperationalEvent.Create(EventKinds.CheckDown, "check", check, now, "system:monitoring", title, $"{check} does not answer."), CancellationToken.None);
        long id = 0;
        await Eventually.TrueAsync(async () =>
        {
            var open = await app.Services.GetRequiredService<AlertService>().ListAsync(true, 100, CancellationToken.None);
            id = open.FirstOrDefault(a => a.SubjectKey == $"check:{check}")?.NoticeId ?? 0;
            return id != 0;
        }, TimeSpan.FromSeconds(10), $"the alert about {check} is open");
        return id;
    }

    /// <summary>Whether an escalation delivery exists for the notice.</summary>
    public static async Task<bool> EscalatedAsync(this TestApp app, long noticeId)
    {
        var rows = await app.Services.GetRequiredService<IOutboxStore>().ListAsync(null, 500, CancellationToken.None);
        return rows.Any(e => e.NoticeId == noticeId && e.IdempotencyKey.StartsWith($"escalate:{noticeId}:", StringComparison.Ordinal));
    }

    /// <summary>
    /// Moves the clock past the escalation time and waits until the unacknowledged alert escalated, which proves the
    /// escalation pass ran; then the acknowledged one must not have.
    /// </summary>
    public static async Task AssertOnlyUnacknowledgedEscalatesAsync(this TestApp app, FakeTime time, long acknowledged, long unacknowledged)
    {
        time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => app.EscalatedAsync(unacknowledged), TimeSpan.FromSeconds(10), "the unacknowledged alert escalates");
        (await app.EscalatedAsync(acknowledged)).ShouldBeFalse("an acknowledged alert does not escalate");
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this TestApp app, string action) =>
        await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new AuditQuery { Action = action }, CancellationToken.None);

    public static SelfHeartbeat Heartbeat(this TestApp app) => app.Services.GetRequiredService<SelfHeartbeat>();

    public static OutboxOperations Operations(this TestApp app) => app.Services.GetRequiredService<OutboxOperations>();
}
