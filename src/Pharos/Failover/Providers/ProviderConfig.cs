using System.Net;

namespace Pharos.Failover.Providers;

/// <summary>
/// Where a policy's records live and how Pharos changes them: one subtype per provider, each with exactly the
/// settings it needs, built by the reader only when they are all there.
/// </summary>
public abstract record ProviderConfig
{
    /// <summary>The provider's name in pharos.yaml (`type:`), for people reading the admin, the API and logs.</summary>
    public abstract string Kind { get; }
}

/// <summary>`builtin`: a zone of Pharos's own authoritative server.</summary>
public sealed record BuiltinProviderConfig : ProviderConfig
{
    public override string Kind => "builtin";

    /// <summary>The zone file the built-in server starts from (relative to pharos.yaml); a minimal SOA/NS zone when absent.</summary>
    public string? ZoneFile { get; init; }
}

/// <summary>`rfc2136`: TSIG-signed dynamic updates to a primary such as BIND, Knot or PowerDNS.</summary>
public sealed record Rfc2136ProviderConfig : ProviderConfig
{
    public override string Kind => "rfc2136";

    /// <summary>The primary server that takes updates; also asked after a change when the policy names no nameservers.</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>A BIND key file's text (`key "name" { algorithm …; secret "…"; };`).</summary>
    public required SecretSource TsigKey { get; init; }
}

/// <summary>`cloudflare`: Cloudflare's DNS records API v4.</summary>
public sealed record CloudflareProviderConfig : ProviderConfig
{
    public static readonly Uri DefaultApiBase = new("https://api.cloudflare.com/client/v4/");

    public override string Kind => "cloudflare";

    public required string ZoneId { get; init; }

    /// <summary>An API token with DNS edit rights on the zone.</summary>
    public required SecretSource ApiToken { get; init; }

    public Uri ApiBase { get; init; } = DefaultApiBase;
}

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
