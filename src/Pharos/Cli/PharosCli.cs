using System.CommandLine;
using System.CommandLine.Help;

namespace Pharos.Cli;

/// <summary>The `pharos` command line: one binary, several subcommands.</summary>
public static class PharosCli
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        var root = Build(input ?? Console.In);
        // "@SERVER" is dig's syntax for the server to ask, not a response file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The web host handles Ctrl+C itself and stops cleanly; the parser must not race it.
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, ProcessTerminationTimeout = null };
        return parse.InvokeAsync(config);
    }

    public static RootCommand Build(TextReader? input = null)
    {
        var root = new RootCommand("Pharos: status page, health monitor and DNS failover controller.")
        {
            ServeCommand.Build(),
            CheckConfigCommand.Build(),
            DnsCommand.Build(),
            UserCommand.Build(input ?? Console.In),
            TokenCommand.Build(),
            ProbeCommand.Build(),
            HeartbeatCommand.Build(),
            FailoverCliCommand.Build(),
            ParityCommand.Build(),
            ExportCommand.Build(),
        };
        // No subcommand: show what there is, successfully, rather than an error.
        root.SetAction(parse =>
        {
            new HelpAction().Invoke(parse);
            return 0;
        });
        return root;
    }
}
