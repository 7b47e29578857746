namespace Pharos.Accounts;

/// <summary>
/// A change to some of a user's columns. The store writes only the columns named here, so a change cannot undo
/// another made at the same time (a role change racing a 2FA enrolment, say). Every update rotates the security
/// stamp: the user's open sessions end on their next request.
/// </summary>
public sealed record UserUpdate
{
    public required DateTimeOffset At { get; init; }

    public UserRole? Role { get; init; }

    public string? PasswordHash { get; init; }

    /// <summary>True disables (at <see cref="At"/>), false enables; null leaves it.</summary>
    public bool? Disabled { get; init; }

    /// <summary>A confirmed enrolment: the secret and the step of the code that proved it.</summary>
    public TotpEnrolment? Totp { get; init; }

    /// <summary>Turns two-factor sign-in off.</summary>
    public bool ClearTotp { get; init; }

    public string NewStamp { get; init; } = Domain.Ids.New();

    public User ApplyTo(User u) => u with
    {
        Role = Role ?? u.Role,
        PasswordHash = PasswordHash ?? u.PasswordHash,
        DisabledAt = Disabled switch { true => u.DisabledAt ?? At, false => null, null => u.DisabledAt },
        TotpSecret = ClearTotp ? null : Totp?.Secret ?? u.TotpSecret,
        TotpLastStep = Totp is { } t ? Math.Max(t.Step, u.TotpLastStep) : u.TotpLastStep,
        SecurityStamp = NewStamp,
        UpdatedAt = At,
    };
}

public sealed record TotpEnrolment(string Secret, long Step);

public enum UserChangeOutcome
{
    Done,
    NotFound,

    /// <summary>Refused: no enabled admin would be left to manage the site.</summary>
    LastAdmin,
}

/// <summary>A signed-in browser, as stored: the hash of the id its cookie carries, and when it must end.</summary>
public sealed record AdminSession
{
    public required string IdHash { get; init; }
    public required string UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? Address { get; init; }
}
