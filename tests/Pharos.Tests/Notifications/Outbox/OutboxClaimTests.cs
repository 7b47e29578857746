using System.Collections.Concurrent;
using Pharos.Notifications;
using Pharos.Notifications.Outbox;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Outbox;

public sealed class SqliteOutboxClaimTests() : OutboxClaimTests(SqlDialect.Sqlite);

public sealed class PostgresOutboxClaimTests() : OutboxClaimTests(SqlDialect.Postgres);

/// <summary>Relays claiming at the same time (on several nodes, with PostgreSQL) never take the same row, and keep each queue's order.</summary>
public abstract class OutboxClaimTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Four_relays_claiming_at_once_take_every_row_exactly_once_and_each_queue_in_order()
    {
        var store = new SqliteOutboxStore(Db);
        const int Queues = 40;
        const int PerQueue = 5;
        await using (var c = await Db.OpenAsync(CancellationToken.None))
        {
            await using var tx = await c.BeginTransactionAsync();
            var notice = await store.AddNoticeAsync(c, tx, new Notice { Kind = "check.down", SubjectType = "check", SubjectId = "web", Title = "Web is down", Text = "Web is down", At = T0 }, CancellationToken.None);
            var deliveries = Enumerable.Range(0, PerQueue).SelectMany(n => Enumerable.Range(0, Queues).Select(q => new NewDelivery(notice, "ops", $"queue-{q}", $"k-{q}-{n}", T0)));
            await store.EnqueueAsync(c, tx, deliveries, CancellationToken.None);
            await tx.CommitAsync();
        }

        var claims = new ConcurrentBag<(int Relay, OutboxEntry Entry)>();
        var order = new ConcurrentQueue<(long Id, string Queue)>();
        async Task RelayAsync(int relay)
        {
            var idle = 0;
            while (idle < 3)
            {
                var claimed = await store.ClaimAsync(T0.AddSeconds(1), 7, T0.AddMinutes(5), CancellationToken.None);
                idle = claimed.Count == 0 ? idle + 1 : 0;
                foreach (var e in claimed)
                {
                    claims.Add((relay, e));
                    order.Enqueue((e.Id, e.OrderingKey));
                }

                await store.RecordAsync(claimed.Select(e => (Outcome)new Outcome.Sent(e.Id, e.Channel, T0.AddSeconds(1), TimeSpan.FromMilliseconds(1), [])).ToList(), CancellationToken.None);
                if (claimed.Count == 0)
                {
                    await Task.Delay(20);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(r => Task.Run(() => RelayAsync(r)))).WaitAsync(TimeSpan.FromSeconds(60));

        var ids = claims.Select(c => c.Entry.Id).ToList();
        ids.Count.ShouldBe(Queues * PerQueue, "every row is claimed");
        ids.Distinct().Count().ShouldBe(ids.Count, "no row is claimed by two relays");
        foreach (var queue in order.GroupBy(o => o.Queue))
        {
            queue.Select(o => o.Id).ShouldBeInOrder(SortDirection.Ascending, $"{queue.Key} is sent in order");
        }

        if (Dialect == SqlDialect.Postgres)
        {
            claims.Select(c => c.Relay).Distinct().Count().ShouldBeGreaterThan(1, "the relays did claim side by side");
        }
    }
}
