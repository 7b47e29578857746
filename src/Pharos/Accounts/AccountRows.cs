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
    public long last_failed_at { get; set; }
    public long? disabled_at { get; set; }
    public string security_stamp { get; set; } = "";

    public const string Columns =
        "id, name, role, password_hash, created_at, updated_at, totp_secret, totp_last_step, failed_count, last_failed_at, disabled_at, security_stamp";

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
        LastFailedAt = Rows.Time(last_failed_at),
        DisabledAt = Rows.Time(disabled_at),
        SecurityStamp = security_stamp,
    };

    public static object Params(User u) => new
    {
        u.Id, u.Name, role = Roles.Of(u.Role), u.PasswordHash, created = Rows.Ms(u.CreatedAt), updated = Rows.Ms(u.UpdatedAt),
        u.TotpSecret, u.TotpLastStep, u.FailedCount, lastFailed = Rows.Ms(u.LastFailedAt), disabled = Rows.Ms(u.DisabledAt), u.SecurityStamp,
    };
}

internal sealed class SessionRow
{
    public string id_hash { get; set; } = "";
    public string user_id { get; set; } = "";
    public long created_at { get; set; }
    public long expires_at { get; set; }
    public string? address { get; set; }

    public AdminSession ToDomain() => new()
    {
        IdHash = id_hash,
        UserId = user_id,
        CreatedAt = Rows.Time(created_at),
        ExpiresAt = Rows.Time(expires_at),
        Address = address,
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
        Scopes = Scopes.FromStored(scopes),
        CreatedAt = Rows.Time(created_at),
        CreatedBy = created_by,
        LastUsedAt = Rows.Time(last_used_at),
        RevokedAt = Rows.Time(revoked_at),
    };
}
