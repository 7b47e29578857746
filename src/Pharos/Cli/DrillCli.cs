using System.CommandLine;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Failover.Drills;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos failover drill POLICY` asks the running server for a drill through the shared database and prints each
/// step as the leading node takes it (Ctrl+C aborts it and waits for the names to return); `--dry-run` prints the plan
/// only. `pharos failover drills POLICY` lists the drills, `--id N` prints one report.
/// </summary>
internal static class DrillCli
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the CLI waits for a drill after it asked for an abort (the return to the primary is verified).</summary>
    private static readonly TimeSpan AbortWait = TimeSpan.FromMinutes(3);

    public static Command Drill(Option<string> data)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy id from pharos.yaml" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (steps, names, nameservers, expected records) and do nothing" };
        var hold = new Option<string?>("--hold") { Description = $"How long to stay on the standby (default: the policy's drill.hold, else {DurationParser.Format(DrillConfig.DefaultHold)})" };
        var abort = new Option<bool>("--abort") { Description = "Abort the policy's unfinished drill: the names return to the primary" };
        var command = new Command("drill", "Rehearse a failover: pre-checks, fail over, verify, hold, fail back, verify; exit 0 when it succeeded") { policy, dryRun, hold, abort };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (FailoverAuditCli.Load(parse.GetValue<string?>("--config") ?? "pharos.yaml", error) is not { } config
                || FailoverAuditCli.Select(config.Failover, parse.GetValue(policy), error) is not [var p])
            {
                return 2;
            }

            TimeSpan? h = null;
            if (parse.GetValue(hold) is { } text)
            {
                if (!DurationParser.TryParse(text, out var parsed))
                {
                    error.WriteLine("pharos: --hold must be a duration such as 60s or 2m");
                    return 2;
                }

                h = parsed;
            }

            var plan = new DrillPlan(p, Failover.Audit.AuditSources.Nameservers(p, FailoverAuditCli.DefaultNameservers(p, config)), h ?? p.Drill.Hold, DrillPlan.BuiltinPrechecks);
            output.Write(plan.Text());
            if (parse.GetValue(dryRun))
            {
                output.WriteLine("dry run: nothing was asked of the running Pharos");
                return 0;
            }

            var db = config.Storage.Open(Path.GetFullPath(parse.GetValue(data)!));
            await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
            var store = new DrillStore(db);
            var requests = new DrillRequests(config.Failover, store, TimeProvider.System);
            if (parse.GetValue(abort))
            {
                var open = (await store.UnfinishedAsync(ct).ConfigureAwait(false)).FirstOrDefault(d => d.PolicyId == p.Id);
                if (open is null || !await requests.AbortAsync(open.Id, Actor.Cli, ct).ConfigureAwait(false))
                {
                    error.WriteLine($"pharos: {p.Id} has no unfinished drill");
                    return 1;
                }

                output.WriteLine($"abort of drill {open.Id} requested; the leading node returns the names to the primary");
                return 0;
            }

            var asked = await requests.RequestAsync(p.Id, Actor.Cli, h, ct).ConfigureAwait(false);
            if (asked is not DrillRequestResult.Requested { Id: var id })
            {
                error.WriteLine($"pharos: {asked.Message}");
                return asked is DrillRequestResult.Invalid ? 2 : 1;
            }

            output.WriteLine($"drill {id} requested; waiting for the leading node (Ctrl+C aborts the drill and waits for the names to return)");
            return await FollowAsync(store, id, output, error, ct).ConfigureAwait(false);
        });
        return command;
    }

    public static Command List(Option<string> data)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy id" };
        var id = new Option<long?>("--id") { Description = "Print the full report of one drill" };
        var command = new Command("drills", "List a policy's drills, newest first, or print one report") { policy, id };
        command.SetAction(async (parse, ct) =>
        {
            var db = CliStorage.Open(parse.GetValue(data)!, parse.GetValue<string?>("--config"));
            await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
            var store = new DrillStore(db);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(id) is { } one)
            {
                if (await store.GetAsync(one, ct).ConfigureAwait(false) is not { } d || d.PolicyId != parse.GetValue(policy))
                {
                    parse.InvocationConfiguration.Error.WriteLine($"pharos: no drill {one} of {parse.GetValue(policy)}");
                    return 1;
                }

                output.Write(DrillReport.Text(d));
                return 0;
            }

            var drills = await store.ListAsync(parse.GetValue(policy)!, 50, ct).ConfigureAwait(false);
            if (drills.Count == 0)
            {
                output.WriteLine($"{parse.GetValue(policy)}: no drills yet");
            }

            foreach (var d in drills)
            {
                var took = DrillReport.Duration(d) is { } t ? $" in {t.TotalSeconds:F1} s" : "";
                output.WriteLine($"{d.Id} {DrillReport.Time(d.RequestedAt)} {d.Status.ToString().ToLowerInvariant()}{took} by {d.Actor}: {d.Outcome ?? d.Steps.LastOrDefault()?.Name ?? "waiting for the leading node"}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Prints each step as it begins and ends; exit 0 only for a drill that succeeded.</summary>
    private static async Task<int> FollowAsync(DrillStore store, long id, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var asked = time.GetUtcNow();
        var token = ct;
        DateTimeOffset? abortedAt = null;
        var begun = 0;
        var ended = 0;
        while (true)
        {
            if (token.IsCancellationRequested && abortedAt is null)
            {
                // Ctrl+C: the drill must not be left half done; ask for the abort and keep printing until it ends.
                abortedAt = time.GetUtcNow();
                token = CancellationToken.None;
                await store.RequestAbortAsync(id, Actor.Cli, time.GetUtcNow(), token).ConfigureAwait(false);
                error.WriteLine("abort requested; waiting for the names to return to the primary");
            }

            var d = await store.GetAsync(id, token).ConfigureAwait(false);
            if (d is null)
            {
                error.WriteLine($"pharos: drill {id} disappeared");
                return 1;
            }

            for (; begun < d.Steps.Count; begun++)
            {
                output.WriteLine($"{DrillReport.Time(d.Steps[begun].StartedAt)} {d.Steps[begun].Name} ...");
            }

            for (; ended < d.Steps.Count && d.Steps[ended].Outcome != DrillStepOutcome.Running; ended++)
            {
                output.WriteLine($"  {d.Steps[ended]}");
            }

            if (!d.IsOpen)
            {
                output.WriteLine($"{d.Status.ToString().ToLowerInvariant()}: {d.Outcome}");
                return d.Status == DrillStatus.Succeeded ? 0 : 1;
            }

            if (d.Status == DrillStatus.Requested && time.GetUtcNow() - asked > DrillService.RequestWait + TimeSpan.FromSeconds(5))
            {
                error.WriteLine($"pharos: no running Pharos started drill {id}; is `pharos serve` running on this data folder with failover policies?");
                return 3;
            }

            if (abortedAt is { } at && time.GetUtcNow() - at > AbortWait)
            {
                error.WriteLine($"pharos: drill {id} has not ended {AbortWait.TotalMinutes:F0} min after the abort; see `pharos failover drills {d.PolicyId} --id {id}`");
                return 3;
            }

            try
            {
                await Task.Delay(Poll, time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Loops once more and asks for the abort.
            }
        }
    }
}
