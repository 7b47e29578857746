using Pharos.Audit;

namespace Pharos.Accounts;

/// <summary>Users, recovery codes and API tokens. Every change writes its audit row in the same transaction.</summary>
public interface IAccountStore
{
    Task<User?> FindUserByNameAsync(string name, CancellationToken ct);

    Task<User?> GetUserAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken ct);

    /// <summary>Adds a user; false when the name is taken.</summary>
    Task<bool> AddUserAsync(User user, AuditEntry audit, CancellationToken ct);

    /// <summary>Replaces the user's row (role, password, 2FA, stamp); with an audit row unless it is sign-in bookkeeping.</summary>
    Task SaveUserAsync(User user, AuditEntry? audit, CancellationToken ct);

    /// <summary>Records that a TOTP step was used, only if it is newer than the last one; false means a replay.</summary>
    Task<bool> ClaimTotpStepAsync(string userId, long step, CancellationToken ct);

    /// <summary>Replaces the user's recovery codes with these hashes.</summary>
    Task SetRecoveryCodesAsync(string userId, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct);

    /// <summary>Marks a recovery code used; false when it does not exist or was already used.</summary>
    Task<bool> UseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset at, CancellationToken ct);

    Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken ct);

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
