using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Pharos.Http;
using Pharos.Notifications.Subscribers;
using Pharos.StatusPage.Views;

namespace Pharos.StatusPage;

/// <summary>
/// The public subscription pages: /subscribe (the form), /subscribe/confirm/{id} (double opt-in: GET shows a button,
/// POST confirms, since mail scanners open links) and /unsubscribe/{id} (RFC 8058 one-click: a POST with the signed
/// link unsubscribes at once; GET shows a button). The form is rate-limited per client address and CSRF-protected;
/// the signed links need no token, the signature being the permission.
/// </summary>
public static class SubscribeEndpoints
{
    /// <summary>A subscribe form is a few hundred bytes; anything bigger is refused before it is read.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapSubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet("/subscribe", (HttpContext http, SubscribePages pages, SubscriptionService service) =>
            !service.Config.Enabled ? StatusPageEndpoints.NotFound(http) : pages.FormAsync(http, new SubscribeFormState(), StatusCodes.Status200OK));
        app.MapPost("/subscribe", SubscribeAsync);
        app.MapGet("/subscribe/confirm/{id}", (HttpContext http, SubscribePages pages, SubscriberLinks links, string id, string? sig) =>
            links.VerifyConfirm(id, sig)
                ? pages.MessageAsync(http, 200, "Confirm your subscription", "Press the button to start receiving updates.", new ButtonForm($"/subscribe/confirm/{Uri.EscapeDataString(id)}?sig={Uri.EscapeDataString(sig!)}", "Confirm subscription", null))
                : BadLinkAsync(http, pages));
        app.MapPost("/subscribe/confirm/{id}", async (HttpContext http, SubscribePages pages, SubscriptionService service, string id, string? sig) =>
            await (await service.ConfirmAsync(id, sig, http.RequestAborted).ConfigureAwait(false)
                ? pages.MessageAsync(http, 200, "Subscription confirmed", "You will receive updates from this status page. Every message has a link to unsubscribe.")
                : BadLinkAsync(http, pages)).ConfigureAwait(false));
        app.MapGet("/unsubscribe/{id}", (HttpContext http, SubscribePages pages, SubscriberLinks links, string id, string? sig) =>
            links.VerifyUnsubscribe(id, sig)
                ? pages.MessageAsync(http, 200, "Unsubscribe", "Press the button to stop receiving updates from this status page.", new ButtonForm($"/unsubscribe/{Uri.EscapeDataString(id)}?sig={Uri.EscapeDataString(sig!)}", "Unsubscribe", "One-Click"))
                : BadLinkAsync(http, pages));
        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link itself, without cookies or a token.
        app.MapPost("/unsubscribe/{id}", async (HttpContext http, SubscribePages pages, SubscriptionService service, string id, string? sig) =>
            await (await service.UnsubscribeAsync(id, sig, http.RequestAborted).ConfigureAwait(false)
                ? pages.MessageAsync(http, 200, "Unsubscribed", "You will receive no more updates from this status page.")
                : BadLinkAsync(http, pages)).ConfigureAwait(false));
        return app;
    }

    private static async Task SubscribeAsync(HttpContext http, SubscribePages pages, SubscriptionService service, SubscribeThrottle throttle, SubscribeForm csrf)
    {
        if (!service.Config.Enabled)
        {
            await StatusPageEndpoints.NotFound(http).ConfigureAwait(false);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFormBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidOperationException or InvalidDataException)
        {
            await pages.MessageAsync(http, StatusCodes.Status400BadRequest, "The form could not be read", "Go back, reload the page and try again.").ConfigureAwait(false);
            return;
        }

        if (!csrf.IsValid(http, form))
        {
            await pages.MessageAsync(http, StatusCodes.Status400BadRequest, "The form had expired", "The form had expired or did not come from this site. Go back, reload the page and try again.").ConfigureAwait(false);
            return;
        }

        if (throttle.Admit(http.Connection.RemoteIpAddress) is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await pages.MessageAsync(http, StatusCodes.Status429TooManyRequests, "Too many subscriptions", $"Too many subscribe forms came from your network. Try again in {Math.Ceiling(seconds / 60.0):0} minutes.").ConfigureAwait(false);
            return;
        }

        var state = SubscribeFormState.From(form);
        var (outcome, errors) = await service.SubscribeAsync(new SubscribeRequest(state.Kind, state.Kind == SubscriberKinds.Webhook ? state.WebhookUrl : state.Email, state.Components, state.Hostname), http.RequestAborted).ConfigureAwait(false);
        await (outcome switch
        {
            SubscribeOutcome.Invalid => pages.FormAsync(http, state with { Errors = errors }, StatusCodes.Status400BadRequest),
            SubscribeOutcome.Full => pages.MessageAsync(http, StatusCodes.Status503ServiceUnavailable, "Subscriptions are full", "This status page takes no more subscriptions at the moment. Follow it through its Atom or RSS feed instead."),
            SubscribeOutcome.ConfirmationSent => pages.MessageAsync(http, 200, "Check your email", "We sent a link to confirm your subscription. Nothing will be sent until it is confirmed."),
            _ => pages.MessageAsync(http, 200, "Webhook subscribed", "Your URL answered the verification call and will receive updates."),
        }).ConfigureAwait(false);
    }

    private static Task BadLinkAsync(HttpContext http, SubscribePages pages) =>
        pages.MessageAsync(http, StatusCodes.Status404NotFound, "This link is not valid", "The link is incomplete, or the subscription no longer exists. Copy the whole link from the message.");
}

/// <summary>What the form holds, to show again with its errors.</summary>
public sealed record SubscribeFormState
{
    public string Kind { get; init; } = SubscriberKinds.Email;
    public string Email { get; init; } = "";
    public string WebhookUrl { get; init; } = "";
    public IReadOnlyList<string> Components { get; init; } = [];
    public string? Hostname { get; init; }
    public Validation? Errors { get; init; }

    public static SubscribeFormState From(IFormCollection form) => new()
    {
        Kind = form["kind"].ToString() is { Length: > 0 } k ? k : SubscriberKinds.Email,
        Email = form["email"].ToString(),
        WebhookUrl = form["webhook_url"].ToString(),
        Components = form["component"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Take(200).ToList(),
        Hostname = form["hostname"].ToString() is { Length: > 0 } h ? h : null,
    };
}

/// <summary>A page's one button: a POST to a signed link (confirm, unsubscribe); <paramref name="OneClick"/> adds RFC 8058's field.</summary>
public sealed record ButtonForm(string Action, string Label, string? OneClick);

/// <summary>Renders the subscription pages per request: they carry a form token, so they are never cached.</summary>
public sealed class SubscribePages(PageRenderer renderer, AssetUrls assets, StatusSite site, SubscriptionService service, SubscribeForm csrf)
{
    public async Task FormAsync(HttpContext http, SubscribeFormState state, int status)
    {
        var html = await renderer.RenderAsync<SubscribePage>(new()
        {
            ["Snapshot"] = site.Snapshot!,
            ["AssetLinks"] = assets,
            ["Token"] = csrf.Issue(http),
            ["OffersEmail"] = service.OffersEmail,
            ["Hostnames"] = service.Hostnames,
            ["State"] = state,
        }).ConfigureAwait(false);
        await WriteAsync(http, status, html).ConfigureAwait(false);
    }

    public async Task MessageAsync(HttpContext http, int status, string heading, string message, ButtonForm? button = null)
    {
        var html = await renderer.RenderAsync<SubscribeMessagePage>(new()
        {
            ["Snapshot"] = site.Snapshot!,
            ["AssetLinks"] = assets,
            ["Heading"] = heading,
            ["Message"] = message,
            ["Button"] = button,
        }).ConfigureAwait(false);
        await WriteAsync(http, status, html).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, int status, string html)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }
}
