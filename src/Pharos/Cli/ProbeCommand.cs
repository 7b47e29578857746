using System.CommandLine;
using System.Globalization;
using Pharos.Audit;
using Pharos.Probes;
using Pharos.Probes.Agent;

namespace Pharos.Cli;

/// <summary>
/// `pharos probe --server URL --location NAME` runs a remote probe; `pharos probe add|list|revoke` manage probes in
/// the server's database. The token never needs the command line: --token-file or PHAROS_PROBE_TOKEN.
/// </summary>
public static class ProbeCommand
{
    public const string TokenEnv = "PHAROS_PROBE_TOKEN";

    public static Command Build()
    {
        var server = new Option<string?>("--server") { Description = "The Pharos server's URL, e.g. https://status.example.com/" };
        var token = new Option<string?>("--token") { Description = $"The probe's token (better: --token-file, or the {TokenEnv} environment variable)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the probe's token" };
        var location = new Option<string?>("--location") { Description = "The location this probe reports for (as `pharos probe add` gave it)" };
        var data = new Option<string>("--data") { Description = "Folder for the disk buffer and the probe's identity", DefaultValueFactory = _ => "probe-data" };
        var bufferMb = new Option<int>("--buffer-mb") { Description = "Disk buffer bound in MB; the oldest batches go past it", DefaultValueFactory = _ => 256 };
        var command = new Command("probe", "Run a remote probe, or manage probes (add, list, revoke)") { server, token, tokenFile, location, data, bufferMb };
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var secret = parse.GetValue(token) ?? ReadTokenFile(parse.GetValue(tokenFile)) ?? Environment.GetEnvironmentVariable(TokenEnv);
            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
                || parse.GetValue(location) is not { } loc || string.IsNullOrWhiteSpace(secret))
            {
                error.WriteLine($"pharos: probe needs --server URL, --location NAME and a token (--token, --token-file or {TokenEnv})");
                return 1;
            }

            var options = new ProbeAgentOptions
            {
                Server = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"),
                Token = secret.Trim(),
                Location = loc,
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                MaxBufferBytes = Math.Max(1, parse.GetValue(bufferMb)) * 1024L * 1024,
            };
            Directory.CreateDirectory(options.DataDirectory);
            using var host = ProbeHost.Build(options);
            parse.InvocationConfiguration.Output.WriteLine($"Pharos probe for location {loc} reporting to {options.Server} (buffer in {options.DataDirectory}); Ctrl+C stops it.");
            Environment.ExitCode = 0;
            await host.RunAsync(ct).ConfigureAwait(false);
            return Environment.ExitCode;
        });
        return command;
    }

    private static string? ReadTokenFile(string? path) => path is null ? null : File.ReadAllText(path).Trim();

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "The probe's name" };
        var location = new Option<string>("--location") { Description = "The location it reports for, as checks name it in `locations:`", Required = true };
        var data = AdminCliContext.DataOption();
        var config = AdminCliContext.ConfigOption();
        var command = new Command("add", "Add a probe and print its token once (scope probe: its checks and results, nothing else)") { name, location, data, config };
        command.SetAction(async (parse, ct) =>
        {
            var service = await ServiceAsync(parse.GetValue(data)!, parse.GetValue(config), ct).ConfigureAwait(false);
            try
            {
                if (await service.AddAsync(parse.GetValue(name)!, parse.GetValue(location)!, Actor.Cli, ct).ConfigureAwait(false) is not { } added)
                {
                    parse.InvocationConfiguration.Error.WriteLine("pharos: a probe of that name exists; revoke it first");
                    return 1;
                }

                parse.InvocationConfiguration.Output.WriteLine(added.Token);
                parse.InvocationConfiguration.Error.WriteLine($"Probe {added.Probe.Name} (location {added.Probe.Location}) added; its token is shown only this once.");
                return 0;
            }
            catch (ArgumentException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"pharos: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command List()
    {
        var data = AdminCliContext.DataOption();
        var config = AdminCliContext.ConfigOption();
        var command = new Command("list", "List probes and their last contact") { data, config };
        command.SetAction(async (parse, ct) =>
        {
            var service = await ServiceAsync(parse.GetValue(data)!, parse.GetValue(config), ct).ConfigureAwait(false);
            foreach (var p in await service.ListAsync(ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Name}\t{p.Location}\t{(p.Revoked ? "revoked" : "live")}\t{p.Version ?? "-"}\tlast contact {p.LastContactAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}\tbatch {p.LastSequence}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("NAME") { Description = "The probe's name" };
        var data = AdminCliContext.DataOption();
        var config = AdminCliContext.ConfigOption();
        var command = new Command("revoke", "Revoke a probe and its token at once") { name, data, config };
        command.SetAction(async (parse, ct) =>
        {
            var service = await ServiceAsync(parse.GetValue(data)!, parse.GetValue(config), ct).ConfigureAwait(false);
            if (!await service.RevokeAsync(parse.GetValue(name)!, Actor.Cli, ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: no live probe of that name");
                return 1;
            }

            parse.InvocationConfiguration.Output.WriteLine("Revoked.");
            return 0;
        });
        return command;
    }

    private static async Task<ProbeService> ServiceAsync(string dataDirectory, string? configPath, CancellationToken ct)
    {
        var ctx = await AdminCliContext.OpenAsync(dataDirectory, configPath, ct).ConfigureAwait(false);
        return new ProbeService(new ProbeStore(ctx.Database), TimeProvider.System);
    }
}
