using System.CommandLine;
using Pharos.Config;
using Pharos.Hosting;

namespace Pharos.Cli;

/// <summary>`pharos serve`: runs the roles the config enables until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var config = new Option<string?>("--config", "-c") { Description = "Config file (default: pharos.yaml, or the sample config with --demo)" };
        var data = new Option<string>("--data") { Description = "Folder for the database and other state", DefaultValueFactory = _ => "data" };
        var urls = new Option<string>("--urls") { Description = "Where the web server listens", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var dnsPort = new Option<int?>("--dns-port") { Description = "Port of the built-in DNS server (overrides dns.listen's ports; 0 picks a free one)" };
        var demo = new Option<bool>("--demo") { Description = "Run with the sample config and generated demo history" };
        var command = new Command("serve", "Run Pharos") { config, data, urls, dnsPort, demo };
        command.SetAction(async (parse, ct) =>
        {
            var isDemo = parse.GetValue(demo);
            var configPath = parse.GetValue(config) ?? (isDemo ? DemoConfigPath() : "pharos.yaml");
            var error = parse.InvocationConfiguration.Error;
            PharosConfig loaded;
            try
            {
                loaded = ConfigLoader.LoadFile(configPath);
            }
            catch (ConfigException e)
            {
                foreach (var err in e.Errors)
                {
                    error.WriteLine(err.ToString());
                }

                error.WriteLine("pharos: refusing to start with an invalid config");
                return 1;
            }

            var (node, nodeError) = Cluster.NodeConfigReader.WithEnvironment(loaded.Node, Environment.GetEnvironmentVariable);
            if (nodeError is not null)
            {
                error.WriteLine($"pharos: {nodeError}");
                return 1;
            }

            loaded = loaded with { Node = node };
            if (parse.GetValue(dnsPort) is { } port)
            {
                loaded = loaded with { Dns = loaded.Dns with { Listen = loaded.Dns.Listen.Select(ep => new System.Net.IPEndPoint(ep.Address, port)).ToList() } };
            }

            var options = new ServeOptions
            {
                ConfigPath = configPath,
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                Urls = parse.GetValue(urls)!,
                Demo = isDemo,
            };
            Directory.CreateDirectory(options.DataDirectory);
            WebApplication app;
            try
            {
                app = options.Demo
                    ? await Demo.DemoHost.BuildAsync(options, loaded, ct: ct).ConfigureAwait(false)
                    : await PharosHost.BuildAsync(options, loaded, ct: ct).ConfigureAwait(false);
            }
            catch (PharosStartupException e)
            {
                error.WriteLine($"pharos: {e.Message}");
                return 1;
            }

            await using (app.ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Output.WriteLine($"Pharos is serving {loaded.Site.Name} on {options.Urls} (data in {options.DataDirectory}); Ctrl+C stops it.");
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The sample config that ships beside the binary.</summary>
    public static string DemoConfigPath() => Path.Combine(AppContext.BaseDirectory, "samples", "demo", "pharos.yaml");
}
