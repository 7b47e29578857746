using Pharos.Audit;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Health;
using Pharos.Notifications.Outbox;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Ops;

/// <summary>
/// A Pharos on a fake clock whose `notifications:` section is the YAML a test gives (read by the real config reader),
/// with capturing channels standing in for configured ones of the same id where a test must decide the answers.
/// </summary>
public static class OpsHost
{
    public static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    /// <summary>
    /// Webhook channels primary, backup and pager to <paramref name="receiver"/> (path = channel id), and check.down
    /// to primary (backup as fallback), escalating to pager after a minute unacknowledged.
    /// </summary>
    public static string Escalating(Uri receiver) => $"""
        notifications:
          channels:
            - id: primary
              type: webhook
              url: {receiver}primary
            - id: backup
              type: webhook
              url: {receiver}backup
            - id: pager
              type: webhook
              url: {receiver}pager
          routes:
            - id: oncall
              events: [check.down]
              channels: [primary]
              fallback: [backup]
              escalate:
                after: 1m
                to: [pager]
        """;

    /// <summary>Where <see cref="Escalating"/> points when capturing channels stand in for the webhooks: nothing listens.</summary>
    public static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    public static Task<(TestApp App, FakeTime Time)> StartAsync(string notificationsYaml, params CapturingChannel[] channels) =>
        StartAsync(SqlDialect.Sqlite, notificationsYaml, channels);

    public static async Task<(TestApp App, FakeTime Time)> StartAsync(SqlDialect dialect, string notificationsYaml, params CapturingChannel[] channels)
    {
        var time = new FakeTime(Start);
        var app = await TestApp.StartAsync(TestConfigs.Basic + "\n" + notificationsYaml, time: time, configure: s =>
        {
            foreach (var c in channels)
            {
                // Registered after the configured channels: the registry lets the later one with an id win.
                s.AddSingleton<INotificationChannel>(c);
            }
        }, dialect: dialect);
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
        // A second more at each look: a router busy when the clock jumped waits on a timer set after the jump.
        await Eventually.TrueAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return await app.EscalatedAsync(unacknowledged);
        }, TimeSpan.FromSeconds(10), "the unacknowledged alert escalates");
        (await app.EscalatedAsync(acknowledged)).ShouldBeFalse("an acknowledged alert does not escalate");
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this TestApp app, string action) =>
        await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new AuditQuery { Action = action }, CancellationToken.None);

    public static SelfHeartbeat Heartbeat(this TestApp app) => app.Services.GetRequiredService<SelfHeartbeat>();

    public static OutboxOperations Operations(this TestApp app) => app.Services.GetRequiredService<OutboxOperations>();
}
