using System.CommandLine;
using System.Globalization;
using Pharos.Config;
using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos failover status|to-failover|to-primary|pin|resume POLICY`: reads and instructs the controller through the
/// shared database, so it works against a running `pharos serve` on the same data without a network API.
/// </summary>
public static class FailoverCliCommand
{
    /// <summary>How long a queued command may wait for a running controller before it is never run.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "The data folder of the running Pharos", DefaultValueFactory = _ => "data", Recursive = true };
        var config = CliStorage.ConfigOption();
        config.Recursive = true;
        var command = new Command("failover", "Show failover state, or move a policy's names and pin them") { data, config };
        command.Subcommands.Add(Status(data));
        command.Subcommands.Add(Instruct(FailoverCommandKind.ToFailover, "Move the names to the failover side and pin them there until resume", data));
        command.Subcommands.Add(Instruct(FailoverCommandKind.ToPrimary, "Move the names to the primary side and pin them there until resume", data));
        command.Subcommands.Add(Instruct(FailoverCommandKind.Pin, "Keep the names where they are until resume", data));
        command.Subcommands.Add(Instruct(FailoverCommandKind.Resume, "Let the policy move by itself again", data));
        command.Subcommands.Add(FailoverAuditCli.Audit(data));
        command.Subcommands.Add(FailoverAuditCli.Runbook());
        return command;
    }

    private static Command Status(Option<string> data)
    {
        var policy = new Argument<string?>("POLICY") { Description = "One policy (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Show each policy's state, recent transitions and queued commands") { policy };
        status.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false) is not { } opened)
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: no database in that data folder; is --data right?");
                return 2;
            }

            var (store, queue) = opened;
            var output = parse.InvocationConfiguration.Output;
            var now = TimeProvider.System.GetUtcNow();
            var ids = parse.GetValue(policy) is { } one ? [one] : await store.PolicyIdsAsync(ct).ConfigureAwait(false);
            foreach (var id in ids)
            {
                var state = await store.LoadStateAsync(id, ct).ConfigureAwait(false);
                if (state is null)
                {
                    output.WriteLine($"{id}: no state recorded yet");
                }
                else
                {
                    output.WriteLine($"{id}: {state.State}, live side {state.LiveSide}{(state.PinnedSide is { } p ? $", pinned to {p}" : "")}, since {Time(state.Since)}");
                    if (state.LastError is not null)
                    {
                        output.WriteLine($"  last error: {state.LastError}");
                    }

                    if (state.Refused is not null)
                    {
                        output.WriteLine($"  refused: {state.Refused}");
                    }
                }

                foreach (var t in await store.GetTransitionsAsync(id, 5, ct).ConfigureAwait(false))
                {
                    var timing = t.ConsistencyDuration is { } c ? $" (applied in {t.ApplyDuration?.TotalMilliseconds ?? 0:F0} ms, consistent after {c.TotalMilliseconds:F0} ms)" : "";
                    output.WriteLine($"  {Time(t.At)} {t.From} -> {t.To} by {t.Actor}: {t.Reason}{timing}");
                }

                foreach (var q in await queue.RecentAsync(id, 5, ct).ConfigureAwait(false))
                {
                    output.WriteLine($"  command {q.Id} {q.Command} by {q.Actor}, queued {Time(q.CreatedAt)}: {Describe(q, now)}");
                }
            }

            return 0;
        });
        return status;
    }

    private static Command Instruct(FailoverCommandKind kind, string description, Option<string> data)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy id from pharos.yaml" };
        var reason = new Option<string>("--reason", "-r") { Description = "Why (kept in the failover history)", Required = true };
        var expireAfter = new Option<string>("--expire-after")
        {
            Description = $"Drop the command if no running Pharos takes it within this time (default {DurationParser.Format(DefaultExpiry)})",
            DefaultValueFactory = _ => DurationParser.Format(DefaultExpiry),
        };
        var force = new Option<bool>("--force") { Description = "Move to a standby that is not ready anyway (to-failover only; the reason says why)" };
        var show = new Option<string>("--show")
        {
            Description = "What the status page shows for the move: outage (an incident, the default) or maintenance (planned work, ended when the names move back)",
            DefaultValueFactory = _ => Pharos.Failover.Commands.FailoverCommand.ShowOutage,
        };
        var command = new Command(kind.Name(), description) { policy, reason, expireAfter };
        if (kind == FailoverCommandKind.ToFailover)
        {
            command.Options.Add(force);
            command.Options.Add(show);
        }

        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!DurationParser.TryParse(parse.GetValue(expireAfter), out var expiry) || expiry <= TimeSpan.Zero || expiry > TimeSpan.FromDays(1))
            {
                error.WriteLine("pharos: --expire-after must be a duration such as 30s or 5m, at most 1d");
                return 2;
            }

            var planned = false;
            if (kind == FailoverCommandKind.ToFailover && !Pharos.Failover.Commands.FailoverCommand.TryParseShow(parse.GetValue(show), out planned))
            {
                error.WriteLine("pharos: --show must be outage or maintenance");
                return 2;
            }

            if (await OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false) is not { Queue: var queue })
            {
                error.WriteLine("pharos: no database in that data folder; is --data right?");
                return 2;
            }

            var time = TimeProvider.System;
            var now = time.GetUtcNow();
            var id = await queue.EnqueueAsync(parse.GetValue(policy)!, kind, "cli:" + Environment.UserName, parse.GetValue(reason)!, now, now + expiry, ct, kind == FailoverCommandKind.ToFailover && parse.GetValue(force), planned).ConfigureAwait(false);
            return await AwaitOutcomeAsync(queue, id, parse.InvocationConfiguration.Output, error, time, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Exit 0 only when the controller saved the command's state; 1 when it refused or failed it; 3 when nobody answered.</summary>
    private static async Task<int> AwaitOutcomeAsync(IFailoverCommandQueue queue, long id, TextWriter output, TextWriter error, TimeProvider time, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + Wait;
        QueuedCommand? queued = null;
        while (time.GetUtcNow() < deadline)
        {
            queued = await queue.GetAsync(id, ct).ConfigureAwait(false);
            switch (queued?.Outcome)
            {
                case QueuedCommandOutcome.Done:
                    output.WriteLine($"ok: {queued.Result}");
                    return 0;
                case QueuedCommandOutcome.Failed:
                    error.WriteLine($"error: {queued.Result}");
                    return 1;
                case QueuedCommandOutcome.Expired:
                    error.WriteLine($"error: command {id} expired at {Time(queued.ExpiresAt)} before a running Pharos took it; it was not run");
                    return 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct).ConfigureAwait(false);
        }

        error.WriteLine(queued?.ClaimedAt is { } claimed
            ? $"pharos: command {id} was taken at {Time(claimed)} but no result was recorded yet; see `pharos failover status` (it will not run again)"
            : $"pharos: no running Pharos took command {id} within {Wait.TotalSeconds:F0} s; it stays queued until {Time(queued?.ExpiresAt ?? deadline)} and is dropped after that (is `pharos serve` running on this data folder with failover policies?)");
        return 3;
    }

    private static string Describe(QueuedCommand q, DateTimeOffset now) => q.StatusAt(now) switch
    {
        QueuedCommandStatus.Waiting => $"waiting, expires {Time(q.ExpiresAt)}",
        QueuedCommandStatus.Taken => $"taken {Time(q.ClaimedAt!.Value)}, no result recorded",
        QueuedCommandStatus.Expired => $"expired {Time(q.ExpiresAt)}, not run",
        QueuedCommandStatus.Done => $"done: {q.Result}",
        _ => $"failed: {q.Result}",
    };

    private static string Time(DateTimeOffset t) => t.ToString("u", CultureInfo.InvariantCulture);

    private static async Task<(SqliteFailoverStore Store, SqliteFailoverCommandQueue Queue)?> OpenAsync(string dataDir, string? configPath, CancellationToken ct)
    {
        var db = CliStorage.Open(dataDir, configPath);
        if (db is SqliteDatabase { Path: var path } && !File.Exists(path))
        {
            return null;
        }

        await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
        return (new SqliteFailoverStore(db), new SqliteFailoverCommandQueue(db));
    }
}
