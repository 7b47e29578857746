using Microsoft.AspNetCore.Identity;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Accounts;

/// <summary>What an admin (or the CLI) may change about a user; null fields stay as they are.</summary>
public sealed record AccountEdit
{
    public UserRole? Role { get; init; }
    public bool? Disabled { get; init; }
    public string? Password { get; init; }

    /// <summary>True turns two-factor sign-in off (lost phone and codes); it can only be turned on by its owner.</summary>
    public bool ResetTwoFactor { get; init; }
}

public enum AccountFailure
{
    None,
    NotFound,

    /// <summary>The request is wrong (a short password, a bad name): fixing it would help.</summary>
    Invalid,

    /// <summary>The request is fine but the state forbids it (the name is taken, the last admin).</summary>
    Conflict,
}

/// <summary>The result of a change to a user: done, or why not, naming the field at fault.</summary>
public sealed record AccountResult(User? User, AccountFailure Failure = AccountFailure.None, string? Field = null, string? Problem = null)
{
    public bool Done => Failure == AccountFailure.None;

    public static AccountResult Missing { get; } = new(null, AccountFailure.NotFound, "id", "There is no such user.");
}

/// <summary>
/// People: adding them, and every change to them (role, password, disabling, removal, two-factor). Each change is
/// audited and rotates the security stamp, so the person's open sessions end on their next request.
/// </summary>
public sealed class AccountService(IAccountStore store, IAuditStore audit, TimeProvider time)
{
    public const string RequireTwoFactorSetting = "require_2fa";

    private const string LastAdmin = "This is the last enabled admin: make someone else an admin first, or nobody could manage users.";

    private static readonly PasswordHasher<User> Hasher = new();

    public async Task<AccountResult> AddUserAsync(string name, UserRole role, string password, Actor actor, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > User.MaxNameLength || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return new AccountResult(null, AccountFailure.Invalid, "name", $"A user name is 1 to {User.MaxNameLength} letters, digits, '.', '-', '_' or '@'.");
        }

        if (PasswordRules.Problem(password) is { } problem)
        {
            return new AccountResult(null, AccountFailure.Invalid, "password", problem);
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
        return await store.AddUserAsync(user, entry, ct).ConfigureAwait(false)
            ? new AccountResult(user)
            : new AccountResult(null, AccountFailure.Conflict, "name", $"There is already a user named {name}.");
    }

    public Task<AccountResult> DisableAsync(string id, Actor actor, CancellationToken ct) => EditAsync(id, new AccountEdit { Disabled = true }, actor, ct);

    public Task<AccountResult> EnableAsync(string id, Actor actor, CancellationToken ct) => EditAsync(id, new AccountEdit { Disabled = false }, actor, ct);

    public Task<AccountResult> SetRoleAsync(string id, UserRole role, Actor actor, CancellationToken ct) => EditAsync(id, new AccountEdit { Role = role }, actor, ct);

    public Task<AccountResult> SetPasswordAsync(string id, string password, Actor actor, CancellationToken ct) => EditAsync(id, new AccountEdit { Password = password }, actor, ct);

    public Task<AccountResult> ResetTwoFactorAsync(string id, Actor actor, CancellationToken ct) => EditAsync(id, new AccountEdit { ResetTwoFactor = true }, actor, ct);

    /// <summary>Applies every field of <paramref name="edit"/> in one write with one audit row, or nothing.</summary>
    public async Task<AccountResult> EditAsync(string id, AccountEdit edit, Actor actor, CancellationToken ct)
    {
        if (edit.Password is not null && PasswordRules.Problem(edit.Password) is { } problem)
        {
            return new AccountResult(null, AccountFailure.Invalid, "password", problem);
        }

        var now = time.GetUtcNow();
        var update = new UserUpdate
        {
            At = now,
            Role = edit.Role,
            Disabled = edit.Disabled,
            ClearTotp = edit.ResetTwoFactor,
            // The hash's salt is per hash, not per user, so hashing before the user is read is fine.
            PasswordHash = edit.Password is null ? null : Hasher.HashPassword(null!, edit.Password),
        };
        var (outcome, after) = await store.UpdateUserAsync(id, update, (before, changed) =>
            Entry(actor, now, ActionOf(edit), before, Summary(edit, before, changed), Public(before), Public(changed)), ct).ConfigureAwait(false);
        return outcome switch
        {
            UserChangeOutcome.Done => new AccountResult(after),
            UserChangeOutcome.NotFound => AccountResult.Missing,
            _ => new AccountResult(after, AccountFailure.Conflict, edit.Disabled == true ? "disabled" : "role", LastAdmin),
        };
    }

    public async Task<AccountResult> RemoveAsync(string id, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (outcome, user) = await store.RemoveUserAsync(id, u => Entry(actor, now, "user.remove", u, $"Removed user {u.Name}", Public(u), null), ct).ConfigureAwait(false);
        return outcome switch
        {
            UserChangeOutcome.Done => new AccountResult(user),
            UserChangeOutcome.NotFound => AccountResult.Missing,
            _ => new AccountResult(user, AccountFailure.Conflict, "id", LastAdmin),
        };
    }

    /// <summary>Forgets a user's failed sign-ins, ending the delays they cause.</summary>
    public Task ResetFailedSignInsAsync(User user, Actor actor, CancellationToken ct) =>
        store.ResetFailedSignInsAsync(user.Id, Entry(actor, time.GetUtcNow(), "user.signin.reset", user, $"Forgot failed sign-ins of {user.Name}", null, null), ct);

    /// <summary>Turns on two-factor sign-in once the user proved their app holds the secret; returns the recovery codes.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmEnrolmentAsync(User user, string secret, string? code, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (Totp.Verify(secret, code, now, 0) is not { } step)
        {
            return null;
        }

        var (outcome, enrolled) = await store.UpdateUserAsync(user.Id, new UserUpdate { At = now, Totp = new TotpEnrolment(secret, step) }, (before, after) =>
            Entry(actor, now, "user.2fa.enable", before, $"{before.Name} enabled two-factor sign-in", Public(before), Public(after)), ct).ConfigureAwait(false);
        return outcome == UserChangeOutcome.Done ? await NewRecoveryCodesAsync(enrolled!, actor, ct).ConfigureAwait(false) : null;
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(User user, Actor actor, CancellationToken ct)
    {
        var codes = Secrets.NewRecoveryCodes();
        var entry = Entry(actor, time.GetUtcNow(), "user.2fa.recovery_codes", user, $"New recovery codes for {user.Name}", null, null);
        await store.SetRecoveryCodesAsync(user.Id, codes.Select(c => Secrets.Hash(Secrets.NormalizeRecoveryCode(c))).ToList(), entry, ct).ConfigureAwait(false);
        return codes;
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

    public static AuditEntry SignOutEntry(Actor actor, DateTimeOffset at) => new()
    {
        At = at,
        Actor = actor,
        Action = "user.signout",
        TargetType = "user",
        TargetId = actor.Id,
        Summary = $"{actor.Name} signed out",
    };

    private static string ActionOf(AccountEdit e) => (e.Role, e.Disabled, e.Password, e.ResetTwoFactor) switch
    {
        (not null, null, null, false) => "user.role",
        (null, true, null, false) => "user.disable",
        (null, false, null, false) => "user.enable",
        (null, null, not null, false) => "user.password",
        (null, null, null, true) => "user.2fa.reset",
        _ => "user.update",
    };

    private static string Summary(AccountEdit e, User before, User after)
    {
        var parts = new List<string>();
        if (e.Role is { } role)
        {
            parts.Add($"role {Roles.Of(before.Role)} \u2192 {Roles.Of(role)}");
        }

        if (e.Disabled is { } disabled)
        {
            parts.Add(disabled ? "disabled" : "enabled");
        }

        if (e.Password is not null)
        {
            parts.Add("password changed");
        }

        if (e.ResetTwoFactor)
        {
            parts.Add("two-factor sign-in reset");
        }

        return $"{after.Name}: {string.Join(", ", parts)}; open sessions ended";
    }

    /// <summary>The user without secrets, for the audit log.</summary>
    private static object Public(User u) => new
    {
        u.Id, u.Name, role = Roles.Of(u.Role), two_factor = u.TwoFactorEnabled, disabled_at = u.DisabledAt,
    };

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
}
