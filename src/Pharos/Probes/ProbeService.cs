using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Monitoring.Locations;

namespace Pharos.Probes;

/// <summary>Creates and revokes probes (each with its own token of scope probe), audited, for the CLI and the admin alike.</summary>
public sealed class ProbeService(ProbeStore store, TimeProvider time)
{
    /// <summary>Adds a probe; returns it with its token (shown once), or null when the name is taken. Throws on a bad name.</summary>
    public async Task<(Probe Probe, string Token)?> AddAsync(string name, string location, Actor actor, CancellationToken ct)
    {
        if (!LocationNames.IsWellFormed(name) || !LocationNames.IsWellFormed(location))
        {
            throw new ArgumentException("a probe's name and location may hold only letters, digits, '-', '_' and '.' (at most 64)");
        }

        var secret = Secrets.NewToken();
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            Id = Ids.New(),
            Name = $"probe {name}",
            Prefix = secret[..(Secrets.TokenPrefix.Length + 6)],
            Scopes = [Scopes.Probe],
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        var probe = new Probe { Name = name, Location = location, TokenId = token.Id, CreatedAt = now, CreatedBy = actor.Name };
        var audit = new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "probe.add",
            TargetType = "probe",
            TargetId = name,
            Summary = $"Added probe \"{name}\" for location {location} with token {token.Id}",
            After = AuditJson.Of(probe),
        };
        return await store.AddAsync(probe, token, Secrets.Hash(secret), audit, ct).ConfigureAwait(false) ? (probe, secret) : null;
    }

    public Task<bool> RevokeAsync(string name, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return store.RevokeAsync(name, now, p => new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "probe.revoke",
            TargetType = "probe",
            TargetId = p.Name,
            Summary = $"Revoked probe \"{p.Name}\" ({p.Location}) and its token",
            Before = AuditJson.Of(p),
            After = AuditJson.Of(p with { RevokedAt = now }),
        }, ct);
    }

    public Task<IReadOnlyList<Probe>> ListAsync(CancellationToken ct) => store.ListAsync(ct);
}
