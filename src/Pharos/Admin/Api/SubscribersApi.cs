using System.Globalization;
using System.Text;
using Pharos.Accounts;
using Pharos.Http;
using Pharos.Notifications.Subscribers;

namespace Pharos.Admin.Api;

/// <summary>/api/v1/subscribers (admin scope: the list is personal data): list, with ?q=, ?state=, ?limit= and ?format=csv; DELETE removes (audited).</summary>
public static class SubscribersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscribers").WithTags("Subscribers").RequireAuthorization(AuthPolicies.ApiAdmin);
        group.MapGet("", ListAsync).Produces<List<SubscriberDto>>();
        group.MapDelete("/{id}", async (HttpContext http, SubscriberAdmin subscribers, string id) =>
            await (await subscribers.RemoveAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false)
                ? new ApiReply(204, null)
                : Problems.NotFound($"There is no subscriber '{id}'.")).WriteAsync(http).ConfigureAwait(false));
    }

    private static async Task ListAsync(HttpContext http, SubscriberAdmin subscribers)
    {
        var q = http.Request.Query;
        var v = new Validation();
        var state = q["state"].ToString();
        if (state.Length > 0 && !SubscriberStates.All.Contains(state))
        {
            v.Add("state", $"'state' must be one of {string.Join(", ", SubscriberStates.All)}.");
        }

        var limit = 1000;
        if (q["limit"].ToString() is { Length: > 0 } raw && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > SubscriberAdmin.MaxRows))
        {
            v.Add("limit", $"'limit' must be a whole number from 1 to {SubscriberAdmin.MaxRows}.");
        }

        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var search = q["q"].ToString();
        if (q["format"] == "csv")
        {
            var csv = await subscribers.ExportAsync(search, state.Length == 0 ? null : state, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await ApiReply.Write(http, 200, "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(csv), null).ConfigureAwait(false);
            return;
        }

        var rows = await subscribers.ListAsync(search, state.Length == 0 ? null : state, limit, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, rows.Select(SubscriberDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false);
    }
}

/// <summary>A subscriber in /api/v1.</summary>
public sealed record SubscriberDto(string Id, string Kind, string Address, string State, IReadOnlyList<string> Components, string? Hostname, string Language,
    DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt)
{
    public static SubscriberDto Of(Subscriber s) => new(s.Id, s.Kind, s.Address, s.State, s.Components, s.Hostname, s.Language, s.CreatedAt, s.ConfirmedAt, s.UnsubscribedAt);
}
