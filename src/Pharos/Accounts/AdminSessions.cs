using System.Net;
using System.Security.Cryptography;
using Pharos.Audit;

namespace Pharos.Accounts;

/// <summary>
/// Sessions kept on the server, so that signing out ends the session everywhere its cookie might have been copied
/// to, and every session ends <see cref="AdminConfig.SessionLifetime"/> after its sign-in however active it is.
/// </summary>
public sealed class AdminSessions(IAccountStore store, AdminConfig config, TimeProvider time)
{
    /// <summary>Stores a new session and returns the random id its cookie carries (only a hash is stored).</summary>
    public async Task<string> StartAsync(User user, IPAddress? address, CancellationToken ct)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        await store.AddSessionAsync(new AdminSession
        {
            IdHash = Secrets.Hash(id),
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now + config.SessionLifetime,
            Address = address?.ToString(),
        }, now, ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>The user of a live session: null when the session ended, expired, or its user is gone or disabled.</summary>
    public async Task<User?> UserOfAsync(string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 100)
        {
            return null;
        }

        var session = await store.FindSessionAsync(Secrets.Hash(sessionId), ct).ConfigureAwait(false);
        if (session is null || time.GetUtcNow() >= session.ExpiresAt)
        {
            return null;
        }

        var user = await store.GetUserAsync(session.UserId, ct).ConfigureAwait(false);
        return user is { Disabled: false } ? user : null;
    }

    /// <summary>Signs a session out on the server; its cookie is refused from now on, wherever it is.</summary>
    public Task EndAsync(string sessionId, Actor actor, CancellationToken ct) =>
        store.RemoveSessionAsync(Secrets.Hash(sessionId), AccountService.SignOutEntry(actor, time.GetUtcNow()), ct);
}
