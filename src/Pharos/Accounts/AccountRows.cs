using Pharos.Storage;

namespace Pharos.Accounts;

internal sealed class UserRow
{
    public string id { get; set; } = "";
    public string name { get; set; } = "";
    public string role { get; set; } = "";
    public string password_hash { get; set; } = "";
    public long created_at { get; set; }
    public long updated_at { get; set; }
    public string? totp_secret { get; set; }
    public long totp_last_step { get; set; }
    public long failed_count { get; set; }
    public long failed_window_start { get; set; }
    public long locked_until { get; set; }
    public string security_stamp { get; set; } = "";

    public User ToDomain() => new()
    {
        Id = id,
        Name = name,
        Role = Roles.TryParse(role, out var r) ? r : UserRole.Viewer,
        PasswordHash = password_hash,
        CreatedAt = Rows.Time(created_at),
        UpdatedAt = Rows.Time(updated_at),
        TotpSecret = totp_secret,
        TotpLastStep = totp_last_step,
        FailedCount = (int)failed_count,
        FailedWindowStart = Rows.Time(failed_window_start),
        LockedUntil = Rows.Time(locked_until),
        SecurityStamp = security_stamp,
    };

    public static object Params(User u) => new
    {
        u.Id, u.Name, role = Roles.Of(u.Role), u.PasswordHash, created = Rows.Ms(u.CreatedAt), updated = Rows.Ms(u.UpdatedAt),
        u.TotpSecret, u.TotpLastStep, u.FailedCount, failedStart = Rows.Ms(u.FailedWindowStart), locked = Rows.Ms(u.LockedUntil), u.SecurityStamp,
    };
}

internal sealed class TokenRow
{
    public string id { get; set; } = "";
    public string name { get; set; } = "";
    public string prefix { get; set; } = "";
    public string scopes { get; set; } = "";
    public long created_at { get; set; }
    public string created_by { get; set; } = "";
    public long? last_used_at { get; set; }
    public long? revoked_at { get; set; }

    public ApiToken ToDomain() => new()
    {
        Id = id,
        Name = name,
        Prefix = prefix,
        Scopes = Scopes.Parse(scopes, out _),
        CreatedAt = Rows.Time(created_at),
        CreatedBy = created_by,
        LastUsedAt = Rows.Time(last_used_at),
        RevokedAt = Rows.Time(revoked_at),
    };
}
