using System.Net;
using Microsoft.AspNetCore.Identity;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Accounts;

public enum SignInOutcome
{
    Success,
    NeedsSecondFactor,

    /// <summary>Wrong password or code, unknown name, or a disabled account: one answer for all, so none is revealed.</summary>
    Failed,

    /// <summary>This address must wait (<see cref="SignInResult.RetryAfter"/>); nothing was checked.</summary>
    Throttled,
}

public sealed record SignInResult(SignInOutcome Outcome, User? User = null, TimeSpan RetryAfter = default);

/// <summary>Checks passwords and second factors, with the delays of <see cref="SignInPolicy"/> in place of a lockout.</summary>
public sealed partial class SignInService(IAccountStore store, SignInThrottle throttle, IAuditStore audit, TimeProvider time, ILogger<SignInService> logger)
{
    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Verified against when the name is unknown, so a missing account takes as long as a wrong password.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a real password");

    public async Task<SignInResult> PasswordAsync(string? name, string? password, IPAddress? address, CancellationToken ct)
    {
        if (throttle.Admit(address) is { } wait)
        {
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        }

        name = (name ?? "").Trim();
        password ??= "";
        var user = name.Length is > 0 and <= User.MaxNameLength ? await store.FindUserByNameAsync(name, ct).ConfigureAwait(false) : null;
        var now = time.GetUtcNow();
        await HoldAsync(user?.RecentFailures(now) ?? throttle.UnknownNameFailures(name), ct).ConfigureAwait(false);

        // Overlong passwords are never right (PasswordRules), but are hashed all the same so they cost the same time.
        var verdict = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash, password.Length <= PasswordRules.MaxLength ? password : "");
        if (user is null || verdict == PasswordVerificationResult.Failed || password.Length > PasswordRules.MaxLength)
        {
            await FailAsync(user, name, address, ct).ConfigureAwait(false);
            return new SignInResult(SignInOutcome.Failed);
        }

        if (user.Disabled)
        {
            // The right password of a disabled account: answered like a wrong one, and not counted against it.
            return new SignInResult(SignInOutcome.Failed);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.ReplacePasswordHashAsync(user.Id, user.PasswordHash, Hasher.HashPassword(user, password), ct).ConfigureAwait(false);
        }

        if (user.TwoFactorEnabled)
        {
            // Failures are forgotten only once the second factor is right too.
            return new SignInResult(SignInOutcome.NeedsSecondFactor, user);
        }

        await store.ResetFailedSignInsAsync(user.Id, null, ct).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.Success, user);
    }

    /// <summary>A TOTP code (each usable once) or an unused recovery code, after a right password.</summary>
    public async Task<SignInResult> SecondFactorAsync(string userId, string? code, IPAddress? address, CancellationToken ct)
    {
        if (throttle.Admit(address) is { } wait)
        {
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        }

        var user = await store.GetUserAsync(userId, ct).ConfigureAwait(false);
        if (user is null || user.Disabled)
        {
            return new SignInResult(SignInOutcome.Failed);
        }

        await HoldAsync(user.RecentFailures(time.GetUtcNow()), ct).ConfigureAwait(false);
        if (!await VerifySecondFactorAsync(user, code, ct).ConfigureAwait(false))
        {
            // A wrong code counts like a wrong password, so six digits cannot be guessed at leisure.
            await FailAsync(user, user.Name, address, ct).ConfigureAwait(false);
            return new SignInResult(SignInOutcome.Failed, user);
        }

        await store.ResetFailedSignInsAsync(user.Id, null, ct).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.Success, user);
    }

    /// <summary>Whether <paramref name="password"/> is the user's, for a person confirming a change to their account.</summary>
    public async Task<bool> ConfirmPasswordAsync(User user, string? password, IPAddress? address, CancellationToken ct)
    {
        await HoldAsync(user.RecentFailures(time.GetUtcNow()), ct).ConfigureAwait(false);
        if (password is { Length: > 0 and <= PasswordRules.MaxLength } && Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed)
        {
            return true;
        }

        // Counted like a sign-in failure: a borrowed session must not become a way to guess the password.
        await FailAsync(user, user.Name, address, ct).ConfigureAwait(false);
        return false;
    }

    private async Task<bool> VerifySecondFactorAsync(User user, string? code, CancellationToken ct)
    {
        if (user.TotpSecret is null || string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return false;
        }

        if (Totp.Verify(user.TotpSecret, code, time.GetUtcNow(), user.TotpLastStep) is { } step)
        {
            return await store.ClaimTotpStepAsync(user.Id, step, ct).ConfigureAwait(false);
        }

        var normalized = Secrets.NormalizeRecoveryCode(code);
        return normalized.Length == 12 && await store.UseRecoveryCodeAsync(user.Id, Secrets.Hash(normalized), time.GetUtcNow(), ct).ConfigureAwait(false);
    }

    private async Task FailAsync(User? user, string name, IPAddress? address, CancellationToken ct)
    {
        throttle.Failed(address, user is null ? name : null);
        if (user is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var count = await store.RecordFailedSignInAsync(user.Id, now, SignInPolicy.FailureMemory, ct).ConfigureAwait(false);
        if (count == SignInPolicy.FreeFailures)
        {
            // Exactly one request sees the count reach the threshold (the increment is atomic): one log line and audit row per streak.
            LogDelayed(logger, user.Name, count, address?.ToString() ?? "?");
            await audit.AppendAsync(new AuditEntry
            {
                At = now,
                Actor = new Actor("anonymous", "", "", address?.ToString()),
                Action = "user.signin.delayed",
                TargetType = "user",
                TargetId = user.Id,
                Summary = $"{count} failed sign-ins for {user.Name}; further attempts are slowed down",
            }, ct).ConfigureAwait(false);
        }
    }

    private Task HoldAsync(int failures, CancellationToken ct)
    {
        var hold = SignInPolicy.AccountHold(failures);
        return hold > TimeSpan.Zero ? Task.Delay(hold, time, ct) : Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "{Count} failed sign-ins for {UserName}, the last from {Address}; further attempts are slowed down")]
    private static partial void LogDelayed(ILogger logger, string userName, int count, string address);
}
