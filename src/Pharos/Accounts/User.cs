namespace Pharos.Accounts;

/// <summary>A person who may sign in to the admin.</summary>
public sealed record User
{
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

    public int FailedCount { get; init; }
    public DateTimeOffset FailedWindowStart { get; init; }
    public DateTimeOffset LockedUntil { get; init; }

    /// <summary>Changes when credentials change; a cookie carrying another stamp is no longer accepted.</summary>
    public required string SecurityStamp { get; init; }

    public bool TwoFactorEnabled => TotpSecret is not null;
}
