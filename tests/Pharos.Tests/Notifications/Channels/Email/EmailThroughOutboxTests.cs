using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Email;
using Pharos.Notifications.Outbox;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Email;

/// <summary>
/// The whole path: notices in the SQLite outbox, the relay, the real email channel and a real SMTP server that
/// refuses at first. Every message must arrive exactly once, in order per incident, with every failed attempt recorded.
/// </summary>
public sealed class EmailThroughOutboxTests : IDisposable
{
    private const int Messages = 50;
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private sealed class Harness(SqliteOutboxStore outbox, OutboxRelay relay) : IAsyncDisposable
    {
        public SqliteOutboxStore Outbox { get; } = outbox;

        public async Task UntilFinishedAsync(TimeSpan within) => await Eventually.TrueAsync(
            async () => (await Outbox.StatsAsync(default)).Pending == 0, within, "every delivery finished");

        public async ValueTask DisposeAsync() => await relay.StopAsync(default);
    }

    private async Task<Harness> StartAsync(IEnumerable<INotificationChannel> channels, IReadOnlyList<string> fallbacks)
    {
        var db = new SqliteDatabase(_dir.File("pharos.db"));
        var status = new SqliteStatusStore(db);
        await status.MigrateAsync(default);
        var outbox = new SqliteOutboxStore(db);
        await using (var c = await db.OpenAsync(default))
        await using (var tx = await c.BeginTransactionAsync())
        {
            // As the router does: each notice and its delivery in the same transaction; five incidents, ten updates each.
            for (var i = 0; i < Messages; i++)
            {
                var notice = Notice(kind: "incident.update_posted", title: $"Update {i}", subject: $"inc{i % 5}") with { At = DateTimeOffset.UtcNow };
                var id = await outbox.AddNoticeAsync(c, tx, notice, default);
                await outbox.EnqueueAsync(c, tx, [new NewDelivery(id, "mail", $"incident:inc{i % 5}", $"msg-{i:D3}", DateTimeOffset.UtcNow) { Fallbacks = fallbacks }], default);
            }

            await tx.CommitAsync();
        }

        var links = new NotificationLinks(Site, status);
        await links.InitializeAsync(default);
        var config = new NotificationsConfig
        {
            Relay = new RelayOptions { BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(500), MaxAttempts = 20, Poll = TimeSpan.FromMilliseconds(50) },
        };
        var relay = new OutboxRelay(outbox, new ChannelRegistry(channels), new NoRecipients(), links, new RelayMetrics(new Meters()), config, TimeProvider.System, NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(default);
        return new Harness(outbox, relay);
    }

    private static EmailChannel Email(SmtpSink sink) => new(new EmailConfig
    {
        Id = "mail",
        Host = "127.0.0.1",
        Port = sink.Port,
        Tls = SmtpTls.None,
        From = MailboxAddress.Parse("pharos@test.example"),
        To = [MailboxAddress.Parse("ops@test.example")],
        Concurrency = 4,
    }, Context());

    [SkippableFact]
    public async Task Every_message_arrives_once_in_order_per_incident_through_451s()
    {
        const int refusals = 30;
        await using var sink = await SmtpSink.StartAsync(failFirst: refusals, code: "451 4.3.2 Please try again later");
        using var email = Email(sink);
        await using var harness = await StartAsync([email], []);

        await harness.UntilFinishedAsync(TimeSpan.FromSeconds(60));
        await sink.UntilAsync(Messages, TimeSpan.FromSeconds(10));

        // Exactly once per Message-ID at the receiver, and every one of the fifty.
        var ids = sink.MessageIds.ToList();
        ids.Count.ShouldBe(Messages);
        ids.Distinct().Count().ShouldBe(Messages);
        ids.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, Messages).Select(i => $"<msg-{i:D3}@status.test.example>"));
        sink.Refused.Count.ShouldBe(refusals);
        // Order per incident held even though updates were refused and retried in between.
        foreach (var incident in Enumerable.Range(0, 5))
        {
            var arrived = ids.Select(id => int.Parse(id[5..8], System.Globalization.CultureInfo.InvariantCulture)).Where(i => i % 5 == incident).ToList();
            arrived.ShouldBe(arrived.Order().ToList(), $"incident {incident}'s updates out of order");
        }

        var rows = await harness.Outbox.ListAsync(null, 100, default);
        rows.Count.ShouldBe(Messages);
        rows.ShouldAllBe(r => r.Status == OutboxStatus.Sent && r.Channel == "mail");
        var attempts = new List<DeliveryAttempt>();
        foreach (var r in rows)
        {
            attempts.AddRange(await harness.Outbox.GetAttemptsAsync(r.Id, default));
        }

        attempts.Count(a => !a.Ok).ShouldBe(refusals);
        attempts.Where(a => !a.Ok).ShouldAllBe(a => a.Error!.StartsWith("SMTP 451", StringComparison.Ordinal));
        attempts.Count(a => a.Ok).ShouldBe(Messages);
    }

    [SkippableFact]
    public async Task A_permanent_550_moves_every_message_to_the_fallback_channel()
    {
        await using var sink = await SmtpSink.StartAsync(failFirst: int.MaxValue, code: "550 5.7.1 Relaying denied");
        using var email = Email(sink);
        var fallback = new RecordingChannel("pager");
        await using var harness = await StartAsync([email, fallback], ["pager"]);

        await harness.UntilFinishedAsync(TimeSpan.FromSeconds(60));

        sink.Messages.ShouldBeEmpty();
        fallback.Keys.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, Messages).Select(i => $"msg-{i:D3}"));
        var rows = await harness.Outbox.ListAsync(null, 100, default);
        rows.ShouldAllBe(r => r.Status == OutboxStatus.Sent && r.Channel == "pager");
        foreach (var r in rows)
        {
            var attempts = await harness.Outbox.GetAttemptsAsync(r.Id, default);
            // One refusal through email is enough: a 5xx is never retried on the same channel.
            attempts.Select(a => (a.Channel, a.Ok)).ShouldBe([("mail", false), ("pager", true)]);
            attempts[0].Error.ShouldNotBeNull().ShouldStartWith("SMTP 550");
        }
    }

    private sealed class Meters : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    /// <summary>A channel that accepts everything and remembers the keys, standing for a second way to reach people.</summary>
    private sealed class RecordingChannel(string id) : INotificationChannel
    {
        private readonly ConcurrentQueue<string> _keys = new();

        public IEnumerable<string> Keys => _keys;

        public string Id => id;

        public string Type => "test";

        public int Concurrency => 4;

        public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
        {
            _keys.Enqueue(message.IdempotencyKey);
            return Task.FromResult(DeliveryResult.Ok());
        }
    }
}
