namespace Pharos.Config;

/// <summary>How `pharos serve` was asked to run.</summary>
public sealed record ServeOptions
{
    public required string ConfigPath { get; init; }

    /// <summary>The folder that holds the database and anything else Pharos writes.</summary>
    public required string DataDirectory { get; init; }

    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Generate sample history into an empty database.</summary>
    public bool Demo { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "pharos.db");
}
