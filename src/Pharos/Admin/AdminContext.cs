using System.Security.Claims;
using Pharos.Accounts;
using Pharos.StatusPage;

namespace Pharos.Admin;

/// <summary>What every admin page needs to know about the request: who, what they may do, and the form token.</summary>
public sealed record AdminContext
{
    public required string UserName { get; init; }
    public required string Role { get; init; }
    public required bool CanWriteIncidents { get; init; }
    public required bool CanWriteMaintenance { get; init; }
    public bool CanWriteNotifications { get; init; }
    public required bool IsAdmin { get; init; }

    /// <summary>The antiforgery request token every form carries in <see cref="AdminUi.CsrfField"/>.</summary>
    public required string Csrf { get; init; }

    public required string CssUrl { get; init; }

    public required StatusSnapshot Snapshot { get; init; }

    /// <summary>The social channels (Mastodon, X) an update may also be posted to; the choice is offered only when there are some.</summary>
    public IReadOnlyList<string> SocialChannels { get; init; } = [];

    /// <summary>The failover policies a maintenance window may move (offered to admins only).</summary>
    public IReadOnlyList<string> FailoverPolicies { get; init; } = [];

    /// <summary>Running `serve --demo`: the admin links the demo's inbox of sent alerts.</summary>
    public bool IsDemo { get; init; }

    /// <summary>A one-line confirmation after a redirect ("Update posted.").</summary>
    public string? Notice { get; init; }

    public static AdminContext From(HttpContext http, string csrf, string cssUrl, StatusSnapshot snapshot)
    {
        var p = http.User;
        return new AdminContext
        {
            UserName = p.Identity?.IsAuthenticated == true ? p.Identity.Name ?? "" : "",
            Role = p.FindFirstValue(ClaimTypes.Role) ?? "",
            CanWriteIncidents = p.HasScope(Scopes.IncidentsWrite),
            CanWriteMaintenance = p.HasScope(Scopes.MaintenanceWrite),
            CanWriteNotifications = p.HasScope(Scopes.NotificationsWrite),
            IsAdmin = p.HasScope(Scopes.Admin),
            Csrf = csrf,
            CssUrl = cssUrl,
            Snapshot = snapshot,
            SocialChannels = http.RequestServices.GetService<Notifications.NotificationsConfig>()?.Social.Channels ?? [],
            FailoverPolicies = http.RequestServices.GetService<Failover.IFailoverStatus>()?.Policies.Select(f => f.Id).ToList() ?? [],
            IsDemo = http.RequestServices.GetService<Config.ServeOptions>()?.Demo == true,
            Notice = http.Request.Query["notice"].ToString() switch { "" => null, var n => n.Length > 200 ? n[..200] : n },
        };
    }
}
