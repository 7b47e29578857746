using Microsoft.AspNetCore.Identity;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Accounts;

public enum SignInOutcome
{
    Success,
    NeedsSecondFactor,
    Failed,
    LockedOut,
}

/// <summary>Users and their credentials: adding people, checking passwords with lockout, and two-factor codes.</summary>
public sealed partial class AccountService(IAccountStore store, IAuditStore audit, TimeProvider time, ILogger<AccountService> logger)
{
    /// <summary>The sixth wrong password within this window locks the account.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(1);

    public const int MaxFailures = 6;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public const string RequireTwoFactorSetting = "require_2fa";

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Verified against when the name is unknown, so a missing account takes as long as a wrong password.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a real password");

    public async Task<(User? User, string? Error)> AddUserAsync(string name, UserRole role, string password, Actor actor, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > 64 || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return (null, "A user name is 1 to 64 letters, digits, '.', '-', '_' or '@'.");
        }

        if (PasswordRules.Problem(password) is { } problem)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Ids.New(),
            Name = name,
            Role = role,
            PasswordHash = "",
            CreatedAt = now,
            UpdatedAt = now,
            SecurityStamp = Ids.New(),
        };
        user = user with { PasswordHash = Hasher.HashPassword(user, password) };
        var entry = Entry(actor, now, "user.add", user, $"Added user {name} ({Roles.Of(role)})", null, Public(user));
        return await store.AddUserAsync(user, entry, ct).ConfigureAwait(false) ? (user, null) : (null, $"There is already a user named {name}.");
    }

    public async Task<(SignInOutcome Outcome, User? User)> CheckPasswordAsync(string name, string password, string? address, CancellationToken ct)
    {
        var user = await store.FindUserByNameAsync(name.Trim(), ct).ConfigureAwait(false);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return (SignInOutcome.Failed, null);
        }

        var now = time.GetUtcNow();
        if (user.LockedUntil > now)
        {
            return (SignInOutcome.LockedOut, user);
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return (await RecordFailureAsync(user, now, address, ct).ConfigureAwait(false), user);
        }

        user = user with
        {
            FailedCount = 0,
            LockedUntil = DateTimeOffset.UnixEpoch,
            PasswordHash = result == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash,
        };
        await store.SaveUserAsync(user, null, ct).ConfigureAwait(false);
        return (user.TwoFactorEnabled ? SignInOutcome.NeedsSecondFactor : SignInOutcome.Success, user);
    }

    /// <summary>A TOTP code (each usable once) or an unused recovery code.</summary>
    public async Task<bool> VerifySecondFactorAsync(User user, string? code, CancellationToken ct)
    {
        if (user.TotpSecret is null || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (Totp.Verify(user.TotpSecret, code, now, user.TotpLastStep) is { } step)
        {
            return await store.ClaimTotpStepAsync(user.Id, step, ct).ConfigureAwait(false);
        }

        var normalized = Secrets.NormalizeRecoveryCode(code);
        return normalized.Length == 12 && await store.UseRecoveryCodeAsync(user.Id, Secrets.Hash(normalized), now, ct).ConfigureAwait(false);
    }

    /// <summary>Turns on two-factor sign-in once the user proved their app holds the secret; returns the recovery codes.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmEnrolmentAsync(User user, string secret, string? code, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (Totp.Verify(secret, code, now, 0) is not { } step)
        {
            return null;
        }

        var enrolled = user with { TotpSecret = secret, TotpLastStep = step, SecurityStamp = Ids.New(), UpdatedAt = now };
        await store.SaveUserAsync(enrolled, Entry(actor, now, "user.2fa.enable", user, $"{user.Name} enabled two-factor sign-in", Public(user), Public(enrolled)), ct).ConfigureAwait(false);
        return await NewRecoveryCodesAsync(enrolled, actor, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(User user, Actor actor, CancellationToken ct)
    {
        var codes = Secrets.NewRecoveryCodes();
        var entry = Entry(actor, time.GetUtcNow(), "user.2fa.recovery_codes", user, $"New recovery codes for {user.Name}", null, null);
        await store.SetRecoveryCodesAsync(user.Id, codes.Select(c => Secrets.Hash(Secrets.NormalizeRecoveryCode(c))).ToList(), entry, ct).ConfigureAwait(false);
        return codes;
    }

    /// <summary>Turns two-factor sign-in off for a user (an admin helping someone who lost their phone and codes).</summary>
    public async Task ResetTwoFactorAsync(User user, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reset = user with { TotpSecret = null, SecurityStamp = Ids.New(), UpdatedAt = now };
        await store.SaveUserAsync(reset, Entry(actor, now, "user.2fa.reset", user, $"Two-factor sign-in reset for {user.Name}", Public(user), Public(reset)), ct).ConfigureAwait(false);
    }

    public async Task UnlockAsync(User user, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var unlocked = user with { FailedCount = 0, LockedUntil = DateTimeOffset.UnixEpoch, UpdatedAt = now };
        await store.SaveUserAsync(unlocked, Entry(actor, now, "user.unlock", user, $"Unlocked {user.Name}", Public(user), Public(unlocked)), ct).ConfigureAwait(false);
    }

    public async Task<bool> IsTwoFactorRequiredAsync(CancellationToken ct) =>
        await store.GetSettingAsync(RequireTwoFactorSetting, ct).ConfigureAwait(false) == "true";

    public Task SetTwoFactorRequiredAsync(bool required, Actor actor, CancellationToken ct) =>
        store.SetSettingAsync(RequireTwoFactorSetting, required ? "true" : "false", new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = "settings.require_2fa",
            TargetType = "settings",
            TargetId = RequireTwoFactorSetting,
            Summary = required ? "Two-factor sign-in required for everyone" : "Two-factor sign-in made optional",
            After = required ? "true" : "false",
        }, ct);

    public Task AuditSignInAsync(User user, Actor actor, CancellationToken ct) =>
        audit.AppendAsync(Entry(actor, time.GetUtcNow(), "user.signin", user, $"{user.Name} signed in", null, null), ct);

    /// <summary>A wrong second factor counts like a wrong password, so six-digit codes cannot be guessed at leisure.</summary>
    public Task<SignInOutcome> RecordSecondFactorFailureAsync(User user, string? address, CancellationToken ct) =>
        RecordFailureAsync(user, time.GetUtcNow(), address, ct);

    private async Task<SignInOutcome> RecordFailureAsync(User user, DateTimeOffset now, string? address, CancellationToken ct)
    {
        var fresh = now - user.FailedWindowStart > FailureWindow;
        var count = fresh ? 1 : user.FailedCount + 1;
        var failed = user with { FailedCount = count, FailedWindowStart = fresh ? now : user.FailedWindowStart };
        if (count < MaxFailures)
        {
            await store.SaveUserAsync(failed, null, ct).ConfigureAwait(false);
            return SignInOutcome.Failed;
        }

        var locked = failed with { LockedUntil = now + LockoutDuration };
        var actor = new Actor("anonymous", "", user.Name, address);
        await store.SaveUserAsync(locked, Entry(actor, now, "user.lockout", user, $"{user.Name} locked for {LockoutDuration.TotalMinutes:0} minutes after {count} failed sign-ins", null, null), ct).ConfigureAwait(false);
        LogLockedOut(logger, user.Name, address ?? "?");
        return SignInOutcome.LockedOut;
    }

    /// <summary>The user without secrets, for the audit log.</summary>
    private static object Public(User u) => new { u.Id, u.Name, role = Roles.Of(u.Role), two_factor = u.TwoFactorEnabled, locked_until = u.LockedUntil };

    private static AuditEntry Entry(Actor actor, DateTimeOffset now, string action, User user, string summary, object? before, object? after) => new()
    {
        At = now,
        Actor = actor,
        Action = action,
        TargetType = "user",
        TargetId = user.Id,
        Summary = summary,
        Before = AuditJson.Of(before),
        After = AuditJson.Of(after),
    };

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "User {UserName} locked out after repeated failed sign-ins from {Address}")]
    private static partial void LogLockedOut(ILogger logger, string userName, string address);
}
