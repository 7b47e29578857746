using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Accounts;

/// <summary>Creates, finds and revokes API tokens. The token itself is shown once and only its SHA-256 is kept.</summary>
public sealed class TokenService(IAccountStore store, TimeProvider time)
{
    /// <summary>last_used_at is written at most this often per token, so busy scripts do not write on every call.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<(ApiToken Token, string Secret)> CreateAsync(string name, IReadOnlyList<string> scopes, Actor actor, CancellationToken ct)
    {
        var secret = Secrets.NewToken();
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            Id = Ids.New(),
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim(),
            Prefix = secret[..(Secrets.TokenPrefix.Length + 6)],
            Scopes = Scopes.Normalize(scopes),
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        var entry = new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "token.create",
            TargetType = "token",
            TargetId = token.Id,
            Summary = $"Created token \"{token.Name}\" with scopes {string.Join(' ', token.Scopes)}",
            After = AuditJson.Of(token),
        };
        await store.AddTokenAsync(token, Secrets.Hash(secret), entry, ct).ConfigureAwait(false);
        return (token, secret);
    }

    public async Task<ApiToken?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Secrets.TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var token = await store.FindTokenByHashAsync(Secrets.Hash(secret), ct).ConfigureAwait(false);
        if (token is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt >= TouchInterval)
        {
            await store.TouchTokenAsync(token.Id, now, ct).ConfigureAwait(false);
        }

        return token;
    }

    public Task<bool> RevokeAsync(string id, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return store.RevokeTokenAsync(id, now, t => new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "token.revoke",
            TargetType = "token",
            TargetId = t.Id,
            Summary = $"Revoked token \"{t.Name}\"",
            Before = AuditJson.Of(t),
            After = AuditJson.Of(t with { RevokedAt = now }),
        }, ct);
    }

    public Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct) => store.ListTokensAsync(ct);
}
