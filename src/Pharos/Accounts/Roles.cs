namespace Pharos.Accounts;

/// <summary>What a person may do: viewers read, editors also write incidents and maintenance and operate notifications, admins also manage people and tokens.</summary>
public enum UserRole
{
    Viewer,
    Editor,
    Admin,
}

public static class Roles
{
    public static string Of(UserRole role) => role switch
    {
        UserRole.Viewer => "viewer",
        UserRole.Editor => "editor",
        UserRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? s, out UserRole role)
    {
        foreach (var r in Enum.GetValues<UserRole>())
        {
            if (string.Equals(Of(r), s, StringComparison.Ordinal))
            {
                role = r;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>The scopes a signed-in person holds: the same names tokens carry, so one set of policies serves both.</summary>
    public static IReadOnlyList<string> ScopesOf(UserRole role) => role switch
    {
        UserRole.Admin => Scopes.All,
        UserRole.Editor => [Scopes.Read, Scopes.IncidentsWrite, Scopes.MaintenanceWrite, Scopes.NotificationsWrite],
        _ => [Scopes.Read],
    };
}
