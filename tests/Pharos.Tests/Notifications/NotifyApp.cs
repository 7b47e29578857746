using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Storage;
using Pharos.Tests.Support;
using Pharos.Writes;

namespace Pharos.Tests.Notifications;

/// <summary>A running Pharos whose notification routes and channels the test sets, on a fake clock.</summary>
public sealed class NotifyApp : IAsyncDisposable
{
    private NotifyApp(TestApp app, FakeTime time, IReadOnlyDictionary<string, CapturingChannel> channels)
    {
        App = app;
        Time = time;
        Channels = channels;
    }

    public TestApp App { get; }

    public FakeTime Time { get; }

    public IReadOnlyDictionary<string, CapturingChannel> Channels { get; }

    public CapturingChannel this[string id] => Channels[id];

    public IOutboxStore Outbox => App.Services.GetRequiredService<IOutboxStore>();

    public StatusWriter Writer => App.Services.GetRequiredService<StatusWriter>();

    public static Task<NotifyApp> StartAsync(NotificationsConfig config, params string[] channels) => StartAsync(SqlDialect.Sqlite, config, channels);

    public static async Task<NotifyApp> StartAsync(SqlDialect dialect, NotificationsConfig config, params string[] channels)
    {
        var time = new FakeTime(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var capture = channels.ToDictionary(c => c, c => new CapturingChannel(c), StringComparer.Ordinal);
        var app = await TestApp.StartAsync(time: time, configure: s =>
        {
            s.AddSingleton(config);
            foreach (var c in capture.Values)
            {
                s.AddSingleton<global::Pharos.Notifications.Channels.INotificationChannel>(c);
            }
        }, dialect: dialect);
        return new NotifyApp(app, time, capture);
    }

    /// <summary>Raises an operational event as monitoring or failover would.</summary>
    public Task RaiseAsync(string kind, string subjectType, string subjectId, string title, IReadOnlyDictionary<string, string>? data = null) =>
        App.Services.GetRequiredService<IAlertSink>().RaiseAsync(
            OperationalEvent.Create(kind, subjectType, subjectId, Time.GetUtcNow(), "system:test", title, $"{title} (text)", data), CancellationToken.None);

    /// <summary>Waits until the router has routed every event in the log.</summary>
    public async Task RoutedAsync()
    {
        var db = App.Services.GetRequiredService<Database>();
        var router = App.Services.GetRequiredService<EventRouter>();
        await Eventually.TrueAsync(async () =>
        {
            await using var c = await db.OpenAsync(CancellationToken.None);
            var last = (await DomainEventRows.ReadAsync(c, router.Position, 1, CancellationToken.None)).Count;
            return last == 0 && router.Position > 0;
        }, TimeSpan.FromSeconds(10), "the router catching up with the event log");
    }

    /// <summary>Moves the fake clock in steps, letting the relay and router act at each.</summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromSeconds(1);
        for (var passed = TimeSpan.Zero; passed < by; passed += s)
        {
            Time.Advance(s);
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
