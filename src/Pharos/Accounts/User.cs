namespace Pharos.Accounts;

/// <summary>A person who may sign in to the admin.</summary>
public sealed record User
{
    /// <summary>Longest user name; longer names cannot exist, so sign-in never looks them up or remembers them.</summary>
    public const int MaxNameLength = 64;

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required UserRole Role { get; init; }

    /// <summary>ASP.NET Core PasswordHasher output (PBKDF2 with a per-user salt).</summary>
    public required string PasswordHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Base32 TOTP secret; null while two-factor sign-in is off.</summary>
    public string? TotpSecret { get; init; }

    /// <summary>The last TOTP time step accepted; a code for this step or an earlier one is refused.</summary>
    public long TotpLastStep { get; init; }

    /// <summary>Failed sign-ins since the last success (see <see cref="RecentFailures"/>).</summary>
    public int FailedCount { get; init; }

    public DateTimeOffset LastFailedAt { get; init; }

    /// <summary>Set while an admin has disabled the account: no sign-in, no session.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Changes when credentials or rights change; a cookie carrying another stamp is no longer accepted.</summary>
    public required string SecurityStamp { get; init; }

    public bool TwoFactorEnabled => TotpSecret is not null;

    public bool Disabled => DisabledAt is not null;

    /// <summary>The failures that still slow sign-in down: none once the account has been quiet for a while.</summary>
    public int RecentFailures(DateTimeOffset now) => now - LastFailedAt < SignInPolicy.FailureMemory ? FailedCount : 0;
}
