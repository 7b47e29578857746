using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Pharos.Http;
using Pharos.Localization;
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
                ? pages.MessageAsync(http, 200, t => t.ConfirmHeading, t => t.ConfirmMessage, t => new ButtonForm($"/subscribe/confirm/{Uri.EscapeDataString(id)}?sig={Uri.EscapeDataString(sig!)}", t.ConfirmButton, null))
                : BadLinkAsync(http, pages));
        app.MapPost("/subscribe/confirm/{id}", async (HttpContext http, SubscribePages pages, SubscriptionService service, string id, string? sig) =>
            await (await service.ConfirmAsync(id, sig, http.RequestAborted).ConfigureAwait(false)
                ? pages.MessageAsync(http, 200, t => t.ConfirmedHeading, t => t.ConfirmedMessage)
                : BadLinkAsync(http, pages)).ConfigureAwait(false));
        app.MapGet("/unsubscribe/{id}", (HttpContext http, SubscribePages pages, SubscriberLinks links, string id, string? sig) =>
            links.VerifyUnsubscribe(id, sig)
                ? pages.MessageAsync(http, 200, t => t.UnsubscribeHeading, t => t.UnsubscribeMessage, t => new ButtonForm($"/unsubscribe/{Uri.EscapeDataString(id)}?sig={Uri.EscapeDataString(sig!)}", t.UnsubscribeButton, "One-Click"))
                : BadLinkAsync(http, pages));
        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link itself, without cookies or a token.
        app.MapPost("/unsubscribe/{id}", async (HttpContext http, SubscribePages pages, SubscriptionService service, string id, string? sig) =>
            await (await service.UnsubscribeAsync(id, sig, http.RequestAborted).ConfigureAwait(false)
                ? pages.MessageAsync(http, 200, t => t.UnsubscribedHeading, t => t.UnsubscribedMessage)
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
            await pages.MessageAsync(http, StatusCodes.Status400BadRequest, t => t.FormUnreadableHeading, t => t.FormUnreadableMessage).ConfigureAwait(false);
            return;
        }

        if (!csrf.IsValid(http, form))
        {
            await pages.MessageAsync(http, StatusCodes.Status400BadRequest, t => t.FormExpiredHeading, t => t.FormExpiredMessage).ConfigureAwait(false);
            return;
        }

        if (throttle.Admit(http.Connection.RemoteIpAddress) is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await pages.MessageAsync(http, StatusCodes.Status429TooManyRequests, t => t.TooManyHeading, t => t.TooManyMessage((int)Math.Ceiling(seconds / 60.0))).ConfigureAwait(false);
            return;
        }

        var state = SubscribeFormState.From(form);
        // The subscriber reads the language of the page they subscribed on; their messages come in it.
        var language = pages.LanguageOf(http).Texts.Code;
        var request = new SubscribeRequest(state.Kind, state.Kind == SubscriberKinds.Webhook ? state.WebhookUrl : state.Email, state.Components, state.Hostname) { Language = language };
        var (outcome, errors) = await service.SubscribeAsync(request, http.RequestAborted).ConfigureAwait(false);
        await (outcome switch
        {
            SubscribeOutcome.Invalid => pages.FormAsync(http, state with { Errors = errors }, StatusCodes.Status400BadRequest),
            SubscribeOutcome.Full => pages.MessageAsync(http, StatusCodes.Status503ServiceUnavailable, t => t.FullHeading, t => t.FullMessage),
            SubscribeOutcome.ConfirmationSent => pages.MessageAsync(http, 200, t => t.CheckEmailHeading, t => t.CheckEmailMessage),
            _ => pages.MessageAsync(http, 200, t => t.WebhookSubscribedHeading, t => t.WebhookSubscribedMessage),
        }).ConfigureAwait(false);
    }

    private static Task BadLinkAsync(HttpContext http, SubscribePages pages) =>
        pages.MessageAsync(http, StatusCodes.Status404NotFound, t => t.BadLinkHeading, t => t.BadLinkMessage);
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

/// <summary>Renders the subscription pages per request, in the request's language: they carry a form token, so they are never cached.</summary>
public sealed class SubscribePages(PageRenderer renderer, AssetUrls assets, StatusSite site, SubscriptionService service, SubscribeForm csrf, PageLanguages languages)
{
    public PageLanguage LanguageOf(HttpContext http) => languages.For(http).Language;

    public async Task FormAsync(HttpContext http, SubscribeFormState state, int status)
    {
        var html = await renderer.RenderAsync<SubscribePage>(new()
        {
            ["Snapshot"] = SnapshotFor(http),
            ["AssetLinks"] = assets,
            ["Token"] = csrf.Issue(http),
            ["OffersEmail"] = service.OffersEmail,
            ["Hostnames"] = service.Hostnames,
            ["State"] = state,
        }).ConfigureAwait(false);
        await WriteAsync(http, status, html).ConfigureAwait(false);
    }

    /// <summary>A message page; its words and its button's come from the request's language.</summary>
    public async Task MessageAsync(HttpContext http, int status, Func<Texts, string> heading, Func<Texts, string> message, Func<Texts, ButtonForm>? button = null)
    {
        var snapshot = SnapshotFor(http);
        var html = await renderer.RenderAsync<SubscribeMessagePage>(new()
        {
            ["Snapshot"] = snapshot,
            ["AssetLinks"] = assets,
            ["Heading"] = heading(snapshot.Texts),
            ["Message"] = message(snapshot.Texts),
            ["Button"] = button?.Invoke(snapshot.Texts),
        }).ConfigureAwait(false);
        await WriteAsync(http, status, html).ConfigureAwait(false);
    }

    private StatusSnapshot SnapshotFor(HttpContext http)
    {
        var (language, vary) = languages.For(http);
        if (vary)
        {
            http.Response.Headers.Vary = "Accept-Language";
        }

        return site.Snapshot!.In(language.Texts, language.Prefix, "/subscribe");
    }

    private static async Task WriteAsync(HttpContext http, int status, string html)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }
}
