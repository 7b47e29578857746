namespace Pharos.Accounts;

/// <summary>
/// What a token (or a person's role) allows. A principal carries one <see cref="ClaimType"/> claim per scope;
/// the authorization policies in <see cref="AuthPolicies"/> require them.
/// </summary>
public static class Scopes
{
    public const string ClaimType = "pharos:scope";

    /// <summary>Read everything the API shows: incidents, maintenance, components, checks.</summary>
    public const string Read = "read";

    public const string IncidentsWrite = "incidents:write";

    public const string MaintenanceWrite = "maintenance:write";

    /// <summary>Operate notifications: re-send dead letters, acknowledge alerts, send test messages.</summary>
    public const string NotificationsWrite = "notifications:write";

    /// <summary>Manage users, tokens and settings, and read the audit log. Implies every other scope.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, IncidentsWrite, MaintenanceWrite, NotificationsWrite, Admin];

    /// <summary>
    /// A remote probe's: fetch its checks and post their results, nothing else. Not among <see cref="All"/>: admin
    /// does not imply it and `token create` cannot make it; only `probe add` does, binding the token to one probe.
    /// </summary>
    public const string Probe = "probe";

    /// <summary>The scopes stored with a token: a probe token's is probe alone.</summary>
    public static IReadOnlyList<string> FromStored(string text) =>
        text.Trim() == Probe ? [Probe] : Parse(text, out _);

    /// <summary>Parses a space- or comma-separated list; unknown names are returned in <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<string> Parse(string? text, out IReadOnlyList<string> unknown)
    {
        var parts = (text ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        unknown = parts.Where(p => !All.Contains(p, StringComparer.Ordinal)).ToList();
        return Normalize(parts.Where(p => All.Contains(p, StringComparer.Ordinal)));
    }

    /// <summary>Distinct, in canonical order; admin brings every other scope with it.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> scopes)
    {
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Admin) ? All : All.Where(set.Contains).ToList();
    }
}
