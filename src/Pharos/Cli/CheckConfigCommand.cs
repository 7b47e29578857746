using Pharos.Hosting;
using System.CommandLine;
using Pharos.Config;

namespace Pharos.Cli;

/// <summary>`pharos check-config [FILE]`: validates a config and prints every error as file:line:column: message.</summary>
public static class CheckConfigCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "The config file to check", DefaultValueFactory = _ => "pharos.yaml" };
        var command = new Command("check-config", "Validate pharos.yaml and print every error with its line and column") { file };
        command.SetAction((parse) =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var config = ConfigLoader.LoadFile(path);
                output.WriteLine($"{path}: OK ({config.Components.Count} components in {config.Groups.Count} groups, {config.Checks.Count} checks)");
                return 0;
            }
            catch (ConfigException e)
            {
                foreach (var err in e.Errors)
                {
                    error.WriteLine(err.ToString());
                }

                error.WriteLine($"{e.Errors.Count} error(s) in {path}");
                return 1;
            }
        });
        return command;
    }
}
