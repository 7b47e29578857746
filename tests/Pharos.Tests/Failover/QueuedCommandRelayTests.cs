using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>The relay against the real queue (SQLite and PostgreSQL), with the controller replaced by a recorder of what it was asked.</summary>
public sealed class SqliteQueuedCommandRelayTests() : QueuedCommandRelayTests(SqlDialect.Sqlite);

public sealed class PostgresQueuedCommandRelayTests() : QueuedCommandRelayTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class QueuedCommandRelayTests(SqlDialect dialect) : DialectTests(dialect)
{
    [SkippableFact]
    public async Task A_command_whose_result_cannot_be_recorded_is_not_run_again()
    {
        var db = Db;
        var queue = new SqliteFailoverCommandQueue(db);
        var commands = new RecordingCommands();
        var relay = new QueuedCommandRelay(queue, commands, TimeProvider.System, NullLogger<QueuedCommandRelay>.Instance);

        // Claiming works; recording the outcome fails, as a database that fills up between the two would.
        await BreakOutcomesAsync(db);
        var now = DateTimeOffset.UtcNow;
        var first = await queue.EnqueueAsync("shop", FailoverCommandKind.ToFailover, "cli:olga", "drill", now, now.AddMinutes(5), CancellationToken.None);
        await relay.StartAsync(CancellationToken.None);
        try
        {
            await Until(() => commands.Taken.Count == 1, what: "the first command running");
            // The relay loops on after the failure; the next command proves it went round again.
            var second = await queue.EnqueueAsync("shop", FailoverCommandKind.Pin, "cli:olga", "hold", now, now.AddMinutes(5), CancellationToken.None);
            await Until(() => commands.Taken.Count >= 2, what: "the second command running");

            commands.Taken.Select(c => c.Kind).ShouldBe([FailoverCommandKind.ToFailover, FailoverCommandKind.Pin], "each ran exactly once");
            (await queue.GetAsync(first, CancellationToken.None))!.StatusAt(DateTimeOffset.UtcNow).ShouldBe(QueuedCommandStatus.Taken);
            (await queue.GetAsync(second, CancellationToken.None))!.ClaimedAt.ShouldNotBeNull();
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [SkippableFact]
    public async Task Claiming_marks_an_expired_command_once_and_a_taken_command_is_not_claimed_twice()
    {
        var db = Db;
        var queue = new SqliteFailoverCommandQueue(db);
        var now = DateTimeOffset.UtcNow;
        var old = await queue.EnqueueAsync("shop", FailoverCommandKind.ToFailover, "cli:olga", "old", now.AddMinutes(-10), now.AddMinutes(-5), CancellationToken.None);
        var fresh = await queue.EnqueueAsync("shop", FailoverCommandKind.Resume, "cli:olga", "fresh", now, now.AddMinutes(5), CancellationToken.None);

        (await queue.ClaimAsync(old, now, CancellationToken.None)).ShouldBe(CommandClaim.Expired);
        (await queue.ClaimAsync(old, now, CancellationToken.None)).ShouldBe(CommandClaim.AlreadyTaken);
        (await queue.ClaimAsync(fresh, now, CancellationToken.None)).ShouldBe(CommandClaim.Claimed);
        (await queue.ClaimAsync(fresh, now, CancellationToken.None)).ShouldBe(CommandClaim.AlreadyTaken);
        (await queue.PendingAsync(CancellationToken.None)).ShouldBeEmpty();
        (await queue.GetAsync(old, CancellationToken.None))!.StatusAt(now).ShouldBe(QueuedCommandStatus.Expired);
    }

    private static async Task BreakOutcomesAsync(Database db)
    {
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = db.Dialect == SqlDialect.Postgres
            ? """
              CREATE FUNCTION test_break_outcome() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
              CREATE TRIGGER test_break_outcome BEFORE UPDATE OF outcome ON failover_commands FOR EACH ROW WHEN (NEW.outcome IS NOT NULL) EXECUTE FUNCTION test_break_outcome();
              """
            : "CREATE TRIGGER test_break_outcome BEFORE UPDATE OF outcome ON failover_commands WHEN NEW.outcome IS NOT NULL BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;";
        await command.ExecuteNonQueryAsync();
    }

    private sealed class RecordingCommands : IFailoverCommands
    {
        private readonly List<FailoverCommand> _taken = [];

        public IReadOnlyList<FailoverCommand> Taken
        {
            get
            {
                lock (_taken)
                {
                    return _taken.ToList();
                }
            }
        }

        public Task<FailoverCommandResult> RunAsync(FailoverCommand command, CancellationToken ct)
        {
            lock (_taken)
            {
                _taken.Add(command);
            }

            return Task.FromResult<FailoverCommandResult>(new FailoverCommandResult.Done(new PolicyState { PolicyId = command.PolicyId }, Moved: true));
        }
    }
}
