using System.Security.Claims;
using Pharos.Audit;

namespace Pharos.Accounts;

/// <summary>The claims Pharos puts on a principal, and the actor it makes of one for the audit log.</summary>
public static class PharosClaims
{
    /// <summary>"user" or "token": who is behind the principal.</summary>
    public const string ActorKind = "pharos:actor";

    /// <summary>The user's security stamp when the cookie was issued.</summary>
    public const string Stamp = "pharos:stamp";

    /// <summary>The id of the server-side session (<see cref="AdminSessions"/>) the cookie belongs to.</summary>
    public const string Session = "pharos:sid";

    /// <summary>Present while a user must enrol in two-factor sign-in before doing anything else.</summary>
    public const string MustEnrol = "pharos:must_enrol";

    public static ClaimsPrincipal ForUser(User user, string scheme, bool mustEnrol, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, Roles.Of(user.Role)),
            new(ActorKind, Actor.UserKind),
            new(Stamp, user.SecurityStamp),
            new(Session, sessionId),
        };
        if (mustEnrol)
        {
            // No scopes until enrolled: every policy refuses, so the only way forward is the enrolment page.
            claims.Add(new Claim(MustEnrol, "true"));
        }
        else
        {
            claims.AddRange(Roles.ScopesOf(user.Role).Select(s => new Claim(Scopes.ClaimType, s)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static ClaimsPrincipal ForToken(ApiToken token, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.Id),
            new(ClaimTypes.Name, token.Name),
            new(ActorKind, Actor.TokenKind),
        };
        claims.AddRange(token.Scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool HasScope(this ClaimsPrincipal p, string scope) => p.HasClaim(Scopes.ClaimType, scope);

    public static string? UserId(this ClaimsPrincipal p) => p.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Who is acting, and from which address, for the audit log.</summary>
    public static Actor ActorOf(HttpContext http)
    {
        var p = http.User;
        var address = http.Connection.RemoteIpAddress?.ToString();
        return new Actor(p.FindFirstValue(ActorKind) ?? "anonymous", p.UserId() ?? "", p.Identity?.Name ?? "", address);
    }
}
