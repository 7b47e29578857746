using System.Net.Mail;
using System.Text;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Http;
using Pharos.Localization;
using Pharos.Notifications.Outbox;

namespace Pharos.Notifications.Subscribers;

/// <summary>What the subscribe form sent.</summary>
/// <param name="Kind">email or webhook.</param>
/// <param name="Address">The email address or the webhook URL.</param>
/// <param name="Components">The components chosen; empty for all.</param>
/// <param name="Hostname">A merchant's custom hostname, instead of components.</param>
public sealed record SubscribeRequest(string Kind, string Address, IReadOnlyList<string> Components, string? Hostname)
{
    /// <summary>The language of the page the form was on; the subscriber's messages come in it. Null: the site's.</summary>
    public string? Language { get; init; }
}

/// <summary>What became of a subscribe form.</summary>
public enum SubscribeOutcome
{
    /// <summary>Fields at fault; see the validation.</summary>
    Invalid,

    /// <summary>An email to confirm is on its way (or the address is already subscribed: the answer is the same, so it reveals nothing).</summary>
    ConfirmationSent,

    /// <summary>The webhook answered the verification call and is subscribed.</summary>
    Active,

    /// <summary>The bound on subscriptions is reached.</summary>
    Full,
}

/// <summary>
/// Subscribing, confirming and leaving. An email subscription is stored unconfirmed together with its confirmation
/// message in one transaction (the outbox sends it; a crash cannot lose it); a webhook is called once to verify it
/// wants the messages and is active only if it answered 2xx.
/// </summary>
public sealed partial class SubscriptionService(
    SqliteSubscriberStore store,
    IOutboxStore outbox,
    OutboxRelay relay,
    SubscriberLinks links,
    WebhookTargets targets,
    ISubscriberHostnames hostnames,
    SiteCatalog site,
    SubscribersConfig config,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    public const string ConfirmationKind = "subscriber.confirmation";

    /// <summary>Whether the form may offer email (an email channel is configured).</summary>
    public bool OffersEmail => config.EmailChannel is not null;

    public IReadOnlyList<string> Hostnames => hostnames.Hostnames;

    public SubscribersConfig Config => config;

    public async Task<(SubscribeOutcome Outcome, Validation Errors)> SubscribeAsync(SubscribeRequest request, CancellationToken ct)
    {
        var language = Languages.IsSupported(request.Language) ? request.Language! : site.Site.Language;
        var texts = Texts.For(language);
        var v = Validate(request, texts, out var address);
        if (!v.IsValid)
        {
            return (SubscribeOutcome.Invalid, v);
        }

        var now = time.GetUtcNow();
        // The hostname as the config spells it, so the fanout's comparison and the admin's list agree.
        var hostname = string.IsNullOrWhiteSpace(request.Hostname) ? null
            : hostnames.Hostnames.First(h => string.Equals(h, request.Hostname.Trim(), StringComparison.OrdinalIgnoreCase));
        var subscriber = new Subscriber
        {
            Id = Ids.New(),
            Kind = request.Kind,
            Address = address!,
            Hostname = hostname,
            Language = language,
            // A merchant's subscription is about the hostname alone.
            Components = hostname is null ? request.Components.Distinct(StringComparer.Ordinal).ToList() : [],
            CreatedAt = now,
        };
        if (request.Kind == SubscriberKinds.Webhook)
        {
            if (await VerifyWebhookAsync(subscriber, texts, ct).ConfigureAwait(false) is { } why)
            {
                v.Add("webhook_url", why);
                return (SubscribeOutcome.Invalid, v);
            }

            subscriber = subscriber with { ConfirmedAt = time.GetUtcNow() };
        }

        var outcome = await StoreAsync(subscriber, now, ct).ConfigureAwait(false);
        if (outcome == SubscribeOutcome.ConfirmationSent)
        {
            relay.Wake();
        }

        return (outcome, v);
    }

    /// <summary>Confirms an email subscription through its signed link; false for a bad link or nothing to confirm.</summary>
    public async Task<bool> ConfirmAsync(string id, string? sig, CancellationToken ct)
    {
        if (!links.VerifyConfirm(id, sig))
        {
            return false;
        }

        var done = await store.ConfirmAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false);
        if (done)
        {
            LogConfirmed(logger, id);
        }

        return done || (await store.GetAsync(id, ct).ConfigureAwait(false))?.State == SubscriberStates.Active;
    }

    /// <summary>Ends a subscription through its signed link; true also when it had ended already (the link did its job).</summary>
    public async Task<bool> UnsubscribeAsync(string id, string? sig, CancellationToken ct)
    {
        if (!links.VerifyUnsubscribe(id, sig))
        {
            return false;
        }

        if (await store.UnsubscribeAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false))
        {
            LogUnsubscribed(logger, id);
        }

        return true;
    }

    private Validation Validate(SubscribeRequest request, Texts t, out string? address)
    {
        var v = new Validation();
        address = null;
        var field = request.Kind == SubscriberKinds.Webhook ? "webhook_url" : "email";
        if (request.Kind == SubscriberKinds.Email && !OffersEmail)
        {
            v.Add("kind", t.KindWebhookOnly);
        }
        else if (request.Kind is not (SubscriberKinds.Email or SubscriberKinds.Webhook))
        {
            v.Add("kind", t.KindInvalid);
        }
        else if (string.IsNullOrWhiteSpace(request.Address))
        {
            v.Add(field, t.FieldRequired(field));
        }
        else if (request.Address.Length > (request.Kind == SubscriberKinds.Email ? 254 : 2000))
        {
            v.Add(field, t.FieldTooLong(field, request.Kind == SubscriberKinds.Email ? 254 : 2000));
        }
        else
        {
            var a = request.Address.Trim();
            address = a;
            if (request.Kind == SubscriberKinds.Email && !IsEmail(a))
            {
                v.Add(field, t.EmailInvalid);
            }
        }

        foreach (var c in request.Components.Where(c => site.FindComponent(c) is null))
        {
            v.Add("components", t.NoSuchComponentField(c));
        }

        if (!string.IsNullOrWhiteSpace(request.Hostname) && !hostnames.Hostnames.Contains(request.Hostname.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            v.Add("hostname", t.HostnameInvalid);
        }

        return v;
    }

    private static bool IsEmail(string a) =>
        MailAddress.TryCreate(a, out var m) && m.Address == a && m.DisplayName.Length == 0 && a.IndexOfAny(['\r', '\n', ' ', '<', '>', ',']) < 0 && m.Host.Contains('.', StringComparison.Ordinal);

    private async Task<string?> VerifyWebhookAsync(Subscriber s, Texts t, CancellationToken ct)
    {
        if (await targets.CheckAsync(s.Address, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var body = SubscriberWebhookPayload.Verification(s.Id, links.Unsubscribe(s.Id), site, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, s.Address) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("User-Agent", "Pharos-Subscribers/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(config.VerifyTimeout);
        try
        {
            using var response = await targets.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return SubscriberWebhookChannel.Accepts(response.StatusCode) ? null
                : t.WebhookAnswered((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return t.WebhookTimedOut((int)Math.Round(config.VerifyTimeout.TotalSeconds));
        }
        catch (HttpRequestException e)
        {
            return t.WebhookUnreachable(e.Message);
        }
    }

    private async Task<SubscribeOutcome> StoreAsync(Subscriber s, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await store.Database.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await SqliteSubscriberStore.PurgeUnconfirmedAsync(c, tx, now - config.ConfirmWithin, ct).ConfigureAwait(false);
        var existing = await SqliteSubscriberStore.FindLiveAsync(c, tx, s.Kind, SqliteSubscriberStore.AddressKey(s.Kind, s.Address), ct).ConfigureAwait(false);
        if (existing is not null)
        {
            // Subscribed already, or waiting for confirmation: the same answer, and no second email, so the form can
            // neither tell who subscribes nor be used to send someone mail again and again.
            return s.Kind == SubscriberKinds.Email ? SubscribeOutcome.ConfirmationSent : SubscribeOutcome.Active;
        }

        if (await SqliteSubscriberStore.CountLiveAsync(c, tx, ct).ConfigureAwait(false) >= config.MaxSubscribers)
        {
            LogFull(logger, config.MaxSubscribers);
            return SubscribeOutcome.Full;
        }

        await SqliteSubscriberStore.InsertAsync(c, tx, s, ct).ConfigureAwait(false);
        if (s.Kind == SubscriberKinds.Email)
        {
            await EnqueueConfirmationAsync(c, tx, s, now, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        LogSubscribed(logger, s.Id, s.Kind);
        return s.Kind == SubscriberKinds.Email ? SubscribeOutcome.ConfirmationSent : SubscribeOutcome.Active;
    }

    private async Task EnqueueConfirmationAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Subscriber s, DateTimeOffset now, CancellationToken ct)
    {
        // In the subscriber's language, and so is the page the link opens (its address names the language).
        var t = Texts.For(s.Language);
        var confirm = links.Confirm(s.Id, s.Language == site.Site.Language ? null : s.Language);
        var what = s.Hostname is not null ? t.AboutHostname(s.Hostname)
            : s.Components.Count == 0 ? t.AboutEverything
            : t.AboutComponents(string.Join(", ", s.Components.Select(id => site.FindComponent(id)?.Name ?? id)));
        var notice = new Notice
        {
            Kind = ConfirmationKind,
            SubjectType = "subscriber",
            SubjectId = s.Id,
            Title = t.ConfirmSubject(site.Site.Name),
            Text = t.ConfirmText(what, site.Site.Name, confirm.AbsoluteUri),
            Url = confirm.AbsoluteUri,
            Data = new Dictionary<string, string> { ["confirm_url"] = confirm.AbsoluteUri },
            At = now,
        };
        var id = await outbox.AddNoticeAsync(c, tx, notice, ct).ConfigureAwait(false);
        await outbox.EnqueueAsync(c, tx, [new NewDelivery(id, config.EmailChannel!, $"sub:{s.Id}", $"confirm:{s.Id}", now) { Recipient = s.Id }], ct).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Subscriber {Id} ({Kind}) subscribed")]
    private static partial void LogSubscribed(ILogger logger, string id, string kind);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Subscriber {Id} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string id);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "Subscriber {Id} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string id);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Warning, Message = "A subscription was refused: the bound of {Max} subscriptions is reached (notifications.subscribers.max_subscribers)")]
    private static partial void LogFull(ILogger logger, int max);
}
