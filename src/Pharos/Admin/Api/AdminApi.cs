using Pharos.Http;
using System.Globalization;
using System.Text;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin.Api;

/// <summary>/api/v1 components, templates, tokens and the audit log.</summary>
public static class AdminApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/components", (HttpContext http, StatusSite site) => new ApiReply(200, site.Snapshot!.Config.Components
                .Select(c => new { c.Id, c.Name, group = c.GroupId, status = WireNames.Of(site.Snapshot.StatusOf(c.Id)) }).ToList()).WriteAsync(http))
            .RequireAuthorization(AuthPolicies.ApiRead).WithTags("Components");
        api.MapGet("/templates", (HttpContext http, IReadOnlyList<IncidentTemplateConfig> templates) => new ApiReply(200, templates).WriteAsync(http))
            .RequireAuthorization(AuthPolicies.ApiRead).WithTags("Incidents");

        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(AuthPolicies.ApiAdmin);
        tokens.MapGet("", async (HttpContext http, TokenService service) =>
            await new ApiReply(200, (await service.ListAsync(http.RequestAborted).ConfigureAwait(false)).Select(TokenDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false))
            .Produces<List<TokenDto>>();
        tokens.MapPost("", CreateTokenAsync).Accepts<CreateTokenRequest>("application/json").Produces<NewTokenDto>(201).ProducesValidationProblem();
        tokens.MapDelete("/{id}", async (HttpContext http, TokenService service, string id) =>
            await (await service.RevokeAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false)
                ? new ApiReply(204, null)
                : Problems.NotFound($"There is no live token '{id}'.")).WriteAsync(http).ConfigureAwait(false));

        api.MapGet("/audit", AuditAsync).RequireAuthorization(AuthPolicies.ApiAdmin).WithTags("Audit").Produces<List<AuditDto>>();
    }

    private static async Task CreateTokenAsync(HttpContext http, TokenService service)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        var v = new Validation();
        var f = JsonFields.Parse(body, v, "name", "scopes");
        var name = f is null ? null : v.Required("name", f.String("name"), 100);
        var raw = f?.StringList("scopes");
        IReadOnlyList<string> scopes = [];
        if (f is not null && raw is null && v.FirstFor("scopes") is null)
        {
            v.Add("scopes", $"'scopes' is required: a list of {string.Join(", ", Scopes.All)}.");
        }
        else if (raw is not null)
        {
            scopes = Scopes.Parse(string.Join(' ', raw), out var unknown);
            foreach (var u in unknown)
            {
                v.Add("scopes", $"'{u}' is not a scope ({string.Join(", ", Scopes.All)}).");
            }
        }

        if (!v.IsValid || name is null)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var (token, secret) = await service.CreateAsync(name, scopes, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(201, new NewTokenDto(TokenDto.Of(token), secret)).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task AuditAsync(HttpContext http, IAuditStore audit)
    {
        var q = http.Request.Query;
        var v = new Validation();
        var query = new AuditQuery
        {
            Actor = q["actor"],
            Action = q["action"],
            TargetId = q["target"],
            From = Time(q["from"], "from", v),
            To = Time(q["to"], "to", v),
            Limit = int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 200,
        };
        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var rows = await audit.QueryAsync(query, http.RequestAborted).ConfigureAwait(false);
        if (q["format"] == "csv")
        {
            await ApiReply.Write(http, 200, "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(AuditCsv.Write(rows)), null).ConfigureAwait(false);
            return;
        }

        await new ApiReply(200, rows.Select(AuditDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false);
    }

    private static DateTimeOffset? Time(string? raw, string field, Validation v)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        v.Add(field, $"'{field}' must be an ISO 8601 time.");
        return null;
    }
}
