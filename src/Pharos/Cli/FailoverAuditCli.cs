using System.CommandLine;
using System.Net;
using Pharos.Config;
using Pharos.Failover;
using Pharos.Failover.Audit;
using Pharos.Failover.Providers;
using Pharos.Failover.Runbook;
using Pharos.Hosting;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos failover audit [POLICY]` reads every policy's records back now and prints what differs from the live side
/// (exit 1 on drift); `pharos failover runbook POLICY` prints the policy's runbook in Markdown. Both read pharos.yaml
/// (--config, default ./pharos.yaml) and work without a running `pharos serve`.
/// </summary>
internal static class FailoverAuditCli
{
    public static Command Audit(Option<string> data)
    {
        var policy = new Argument<string?>("POLICY") { Description = "One policy (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("audit", "Read every policy's records back from every nameserver (and the provider's API) and compare them with the live side; exit 1 on drift") { policy };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var configPath = parse.GetValue<string?>("--config") ?? "pharos.yaml";
            if (Load(configPath, error) is not { } config)
            {
                return 2;
            }

            var policies = Select(config.Failover, parse.GetValue(policy), error);
            if (policies is null)
            {
                return 2;
            }

            var db = config.Storage.Open(Path.GetFullPath(parse.GetValue(data)!));
            await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
            var states = new SqliteFailoverStore(db);
            var auditor = new RecordAuditor(new PropagationVerifier(TimeProvider.System), TimeProvider.System);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var drift = false;
            foreach (var p in policies)
            {
                var side = (await states.LoadStateAsync(p.Id, ct).ConfigureAwait(false))?.LiveSide ?? FailoverSide.Primary;
                var readBack = p.Provider is CloudflareProviderConfig cf ? new CloudflareProvider(http, cf.ZoneId, cf.ApiToken.Read(), cf.ApiBase, TimeProvider.System) : null;
                var result = await auditor.AuditAsync(p, side, AuditSources.Nameservers(p, DefaultNameservers(p, config)), readBack, ct).ConfigureAwait(false);
                output.Write(RecordAuditReport.Text(p, result));
                drift |= result.HasDrift;
            }

            return drift ? 1 : 0;
        });
        return command;
    }

    public static Command Runbook()
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy id from pharos.yaml" };
        var command = new Command("runbook", "Print the policy's runbook (Markdown): what Pharos does, and the manual commands for when it is down") { policy };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Load(parse.GetValue<string?>("--config") ?? "pharos.yaml", error) is not { } config
                || Select(config.Failover, parse.GetValue(policy), error) is not [var p])
            {
                return 2;
            }

            parse.InvocationConfiguration.Output.Write(PolicyRunbook.Write(p, config.Failover, AuditSources.Nameservers(p, DefaultNameservers(p, config)), TimeProvider.System.GetUtcNow()));
            return 0;
        });
        return command;
    }

    /// <summary>What the running server would ask when the policy names no nameservers: its provider's own server.</summary>
    private static IReadOnlyList<IPEndPoint> DefaultNameservers(FailoverPolicy policy, PharosConfig config) => policy.Provider switch
    {
        Rfc2136ProviderConfig r => [r.Server],
        BuiltinProviderConfig => config.Dns.Listen,
        _ => [],
    };

    /// <summary>The config file, or null with its errors (file, line, field) written out.</summary>
    internal static PharosConfig? Load(string path, TextWriter error)
    {
        try
        {
            return ConfigLoader.LoadFile(path);
        }
        catch (ConfigException e)
        {
            foreach (var x in e.Errors)
            {
                error.WriteLine(x.ToString());
            }

            return null;
        }
        catch (IOException e)
        {
            error.WriteLine($"pharos: cannot read {path}: {e.Message}");
            return null;
        }
    }

    private static IReadOnlyList<FailoverPolicy>? Select(FailoverConfig failover, string? id, TextWriter error)
    {
        if (id is null)
        {
            return failover.Policies;
        }

        if (failover.Find(id) is { } one)
        {
            return [one];
        }

        error.WriteLine($"pharos: no failover policy '{id}' in the config (known: {string.Join(", ", failover.Policies.Select(p => p.Id))})");
        return null;
    }
}
