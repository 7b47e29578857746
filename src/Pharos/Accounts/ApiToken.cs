namespace Pharos.Accounts;

/// <summary>An API token as stored: never the token itself, only its hash and a recognisable prefix.</summary>
public sealed record ApiToken
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it: a user name or "cli".</summary>
    public required string CreatedBy { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    public bool Revoked => RevokedAt is not null;
}
