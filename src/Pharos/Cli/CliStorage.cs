using System.CommandLine;
using Pharos.Config;
using Pharos.Hosting;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>The database a command works on: the `storage:` of --config when given, else SQLite in --data, as serve does.</summary>
internal static class CliStorage
{
    public static Option<string?> ConfigOption() =>
        new("--config") { Description = "pharos.yaml, for its storage: section (without it: SQLite in the data folder)" };

    /// <summary>Opens the database; an invalid config is reported as a startup problem (one line per error, no stack trace).</summary>
    public static Database Open(string dataDirectory, string? configPath)
    {
        if (configPath is null)
        {
            return new SqliteDatabase(Path.Combine(Path.GetFullPath(dataDirectory), "pharos.db"));
        }

        try
        {
            return ConfigLoader.LoadFile(configPath).Storage.Open(Path.GetFullPath(dataDirectory));
        }
        catch (ConfigException e)
        {
            throw new PharosStartupException(string.Join(Environment.NewLine, e.Errors.Select(x => x.ToString())), e);
        }
    }
}
