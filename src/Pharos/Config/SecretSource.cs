namespace Pharos.Config;

/// <summary>Where a secret comes from: never pharos.yaml itself, so the config can be reviewed and committed.</summary>
public abstract record SecretSource
{
    /// <summary>Whether the secret is there now; checked at load so a missing one is an error with its line.</summary>
    public abstract bool IsPresent { get; }

    /// <summary>The secret's text, trimmed; read when the provider is built, so a rotated file is read at the next start.</summary>
    public abstract string Read();
}

/// <summary>A secret in a file (a mounted Kubernetes or Docker secret, a BIND key file).</summary>
public sealed record FileSecret(string Path) : SecretSource
{
    public override bool IsPresent => File.Exists(Path);

    public override string Read() => File.ReadAllText(Path).Trim();

    public override string ToString() => $"file {Path}";
}

/// <summary>A secret in an environment variable.</summary>
public sealed record EnvironmentSecret(string Variable) : SecretSource
{
    public override bool IsPresent => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable));

    public override string Read() => (Environment.GetEnvironmentVariable(Variable) ?? "").Trim();

    public override string ToString() => $"environment variable {Variable}";
}
