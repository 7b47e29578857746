using System.CommandLine;
using Pharos.Monitoring.Checks;

namespace Pharos.Cli;

/// <summary>`pharos heartbeat token`: prints a fresh token for a heartbeat check's URL.</summary>
public static class HeartbeatCommand
{
    public static Command Build()
    {
        var token = new Command("token", "Print a new random heartbeat token (128 bits, URL-safe) for a check's 'token' or 'token_env'");
        token.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(HeartbeatToken.Generate());
            return 0;
        });
        return new Command("heartbeat", "Heartbeat checks: jobs that call Pharos") { Subcommands = { token } };
    }
}
