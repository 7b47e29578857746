using System.CommandLine;
using System.Globalization;
using Pharos.Failover;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos failover status|to-failover|to-primary|resume POLICY`: reads and instructs the controller through the
/// shared database, so it works against a running `pharos serve` on the same data without a network API.
/// </summary>
public static class FailoverCliCommand
{
    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "The data folder of the running Pharos", DefaultValueFactory = _ => "data", Recursive = true };
        var command = new Command("failover", "Show failover state, or move a policy's names and pin them") { data };
        command.Subcommands.Add(Status(data));
        command.Subcommands.Add(Instruct("to-failover", "Move the names to the failover side and pin them there until resume", data));
        command.Subcommands.Add(Instruct("to-primary", "Move the names to the primary side and pin them there until resume", data));
        command.Subcommands.Add(Instruct("pin", "Keep the names where they are until resume", data));
        command.Subcommands.Add(Instruct("resume", "Let the policy move by itself again", data));
        return command;
    }

    private static Command Status(Option<string> data)
    {
        var policy = new Argument<string?>("POLICY") { Description = "One policy (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Show each policy's state and recent transitions") { policy };
        status.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse.GetValue(data)!, ct).ConfigureAwait(false);
            if (store is null)
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: no database in that data folder; is --data right?");
                return 2;
            }

            var output = parse.InvocationConfiguration.Output;
            var ids = parse.GetValue(policy) is { } one ? [one] : await store.PolicyIdsAsync(ct).ConfigureAwait(false);
            foreach (var id in ids)
            {
                var state = await store.LoadStateAsync(id, ct).ConfigureAwait(false);
                if (state is null)
                {
                    output.WriteLine($"{id}: no state recorded yet");
                    continue;
                }

                output.WriteLine($"{id}: {state.State}, live side {state.LiveSide}{(state.PinnedSide is { } p ? $", pinned to {p}" : "")}, since {state.Since.ToString("u", CultureInfo.InvariantCulture)}");
                if (state.LastError is not null)
                {
                    output.WriteLine($"  last error: {state.LastError}");
                }

                foreach (var t in await store.GetTransitionsAsync(id, 5, ct).ConfigureAwait(false))
                {
                    var timing = t.ConsistencyDuration is { } c ? $" (applied in {t.ApplyDuration?.TotalMilliseconds ?? 0:F0} ms, consistent after {c.TotalMilliseconds:F0} ms)" : "";
                    output.WriteLine($"  {t.At.ToString("u", CultureInfo.InvariantCulture)} {t.From} -> {t.To} by {t.Actor}: {t.Reason}{timing}");
                }
            }

            return 0;
        });
        return status;
    }

    private static Command Instruct(string verb, string description, Option<string> data)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy id from pharos.yaml" };
        var reason = new Option<string>("--reason", "-r") { Description = "Why (kept in the failover history)", Required = true };
        var command = new Command(verb, description) { policy, reason };
        command.SetAction(async (parse, ct) =>
        {
            var store = await OpenAsync(parse.GetValue(data)!, ct).ConfigureAwait(false);
            if (store is null)
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: no database in that data folder; is --data right?");
                return 2;
            }

            var actor = "cli:" + Environment.UserName;
            var id = await store.EnqueueCommandAsync(new FailoverCommand(0, parse.GetValue(policy)!, verb, actor, parse.GetValue(reason)!, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                if (await store.CommandResultAsync(id, ct).ConfigureAwait(false) is { } result)
                {
                    var ok = result.StartsWith("ok", StringComparison.Ordinal);
                    (ok ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error).WriteLine(result);
                    return ok ? 0 : 1;
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }

            parse.InvocationConfiguration.Error.WriteLine("pharos: no running Pharos took the command within 15 s; it stays queued (is `pharos serve` running on this data folder with the failover role?)");
            return 3;
        });
        return command;
    }

    private static async Task<SqliteFailoverStore?> OpenAsync(string dataDir, CancellationToken ct)
    {
        var path = Path.Combine(dataDir, "pharos.db");
        if (!File.Exists(path))
        {
            return null;
        }

        var db = new SqliteDatabase(path);
        await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
        return new SqliteFailoverStore(db);
    }
}
