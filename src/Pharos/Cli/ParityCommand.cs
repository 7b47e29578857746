using System.CommandLine;
using Pharos.Failover;
using Pharos.Failover.Parity;
using Pharos.Monitoring.Checks;

namespace Pharos.Cli;

/// <summary>
/// `pharos parity [POLICY]` compares each policy's primary and standby now and prints the differences side by side:
/// exit 0 when every policy is clean, 1 on drift, 2 when the config or the policy is wrong. It reads pharos.yaml
/// (--config) and needs neither the database nor a running `pharos serve`.
/// </summary>
internal static class ParityCommand
{
    public static Command Build()
    {
        var policy = new Argument<string?>("POLICY") { Description = "One policy (default: every policy with a parity section)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Print every comparison, not only the differences" };
        var config = new Option<string?>("--config") { Description = "pharos.yaml (default: ./pharos.yaml)" };
        var command = new Command("parity", "Compare each policy's primary and standby environments (requests, headers, JSON fields, bodies, locale pages, certificates); exit 1 on drift") { policy, all, config };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(config) ?? "pharos.yaml";
            if (FailoverAuditCli.Load(path, error) is not { } loaded || Select(loaded.Failover, parse.GetValue(policy), error) is not { } policies)
            {
                return 2;
            }

            using var http = new HttpHandlerPool();
            var checker = new ParityChecker(http, TimeProvider.System);
            var drift = false;
            foreach (var p in policies)
            {
                var report = await checker.RunAsync(p.Id, p.Parity!, ct).ConfigureAwait(false);
                output.Write(ParityReportText.Write(report, parse.GetValue(all)));
                drift |= report.HasDrift;
            }

            return drift ? 1 : 0;
        });
        return command;
    }

    private static IReadOnlyList<FailoverPolicy>? Select(FailoverConfig failover, string? id, TextWriter error)
    {
        var withParity = failover.Policies.Where(p => p.Parity is not null).ToList();
        if (id is null)
        {
            if (withParity.Count == 0)
            {
                error.WriteLine("pharos: no failover policy has a parity section");
                return null;
            }

            return withParity;
        }

        if (failover.Find(id) is not { } one)
        {
            error.WriteLine($"pharos: no failover policy '{id}' in the config (known: {string.Join(", ", failover.Policies.Select(p => p.Id))})");
            return null;
        }

        if (one.Parity is null)
        {
            error.WriteLine($"pharos: policy '{id}' has no parity section");
            return null;
        }

        return [one];
    }
}
