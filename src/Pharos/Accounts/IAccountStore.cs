using Pharos.Audit;

namespace Pharos.Accounts;

/// <summary>
/// Users, sessions, recovery codes and API tokens. Every change an admin makes writes its audit row in the same
/// transaction. Updates name their columns: nothing rewrites a whole row read earlier.
/// </summary>
public interface IAccountStore
{
    Task<User?> FindUserByNameAsync(string name, CancellationToken ct);

    Task<User?> GetUserAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken ct);

    /// <summary>Adds a user; false when the name is taken.</summary>
    Task<bool> AddUserAsync(User user, AuditEntry audit, CancellationToken ct);

    /// <summary>
    /// Writes the columns <paramref name="update"/> names, rotates the security stamp and ends the user's sessions,
    /// with the audit row made from the user before and after. Refused when it would leave no enabled admin.
    /// </summary>
    Task<(UserChangeOutcome Outcome, User? After)> UpdateUserAsync(string id, UserUpdate update, Func<User, User, AuditEntry> audit, CancellationToken ct);

    /// <summary>Deletes the user with their sessions and recovery codes; refused for the last enabled admin.</summary>
    Task<(UserChangeOutcome Outcome, User? Removed)> RemoveUserAsync(string id, Func<User, AuditEntry> audit, CancellationToken ct);

    /// <summary>
    /// Counts a failed sign-in in one statement, so parallel failures all count; failures older than
    /// <paramref name="memory"/> are forgotten first. Returns the new count.
    /// </summary>
    Task<int> RecordFailedSignInAsync(string userId, DateTimeOffset at, TimeSpan memory, CancellationToken ct);

    /// <summary>Forgets failed sign-ins: after a success, or when an admin asks (audited then).</summary>
    Task ResetFailedSignInsAsync(string userId, AuditEntry? audit, CancellationToken ct);

    /// <summary>Stores a stronger hash of the same password, unless the password changed meanwhile.</summary>
    Task ReplacePasswordHashAsync(string userId, string expectedHash, string newHash, CancellationToken ct);

    /// <summary>Records that a TOTP step was used, only if it is newer than the last one; false means a replay.</summary>
    Task<bool> ClaimTotpStepAsync(string userId, long step, CancellationToken ct);

    /// <summary>Replaces the user's recovery codes with these hashes.</summary>
    Task SetRecoveryCodesAsync(string userId, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct);

    /// <summary>Marks a recovery code used; false when it does not exist or was already used.</summary>
    Task<bool> UseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset at, CancellationToken ct);

    Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken ct);

    /// <summary>Stores a new session, and deletes sessions that have passed their absolute end.</summary>
    Task AddSessionAsync(AdminSession session, DateTimeOffset now, CancellationToken ct);

    Task<AdminSession?> FindSessionAsync(string idHash, CancellationToken ct);

    /// <summary>Ends one session (sign-out); false when it was already gone.</summary>
    Task<bool> RemoveSessionAsync(string idHash, AuditEntry audit, CancellationToken ct);

    Task AddTokenAsync(ApiToken token, string tokenHash, AuditEntry audit, CancellationToken ct);

    /// <summary>The live (not revoked) token with this hash.</summary>
    Task<ApiToken?> FindTokenByHashAsync(string tokenHash, CancellationToken ct);

    Task<IReadOnlyList<ApiToken>> ListTokensAsync(CancellationToken ct);

    /// <summary>Revokes a token; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeTokenAsync(string id, DateTimeOffset at, Func<ApiToken, AuditEntry> audit, CancellationToken ct);

    Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken ct);

    Task<string?> GetSettingAsync(string key, CancellationToken ct);

    Task SetSettingAsync(string key, string value, AuditEntry audit, CancellationToken ct);
}
