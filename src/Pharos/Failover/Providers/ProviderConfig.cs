using System.Net;

using Pharos.Config;

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
