using System.Net;
using System.Text;
using Pharos.Config;
using Pharos.Notifications.Channels;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// Delivers to webhook subscribers: POSTs the Statuspage-shaped JSON to the subscriber's URL with the delivery's
/// Idempotency-Key. 2xx is delivered; 408, 429 and 5xx are retried (Retry-After honoured); any other answer fails.
/// </summary>
public sealed class SubscriberWebhookChannel(WebhookTargets targets, SiteCatalog site, SubscribersConfig config, TimeProvider time) : INotificationChannel
{
    public string Id => SubscriberKinds.WebhookChannel;

    public string Type => SubscriberKinds.WebhookChannel;

    /// <summary>Each delivery goes to a different receiver, so many may be in flight.</summary>
    public int Concurrency => 16;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (message.Recipient is not { } recipient)
        {
            return DeliveryResult.Fail("a subscriber webhook delivery needs a subscriber");
        }

        var json = SubscriberWebhookPayload.Build(message.Notice, recipient.UnsubscribeUrl, site, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, recipient.Address) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
        request.Headers.TryAddWithoutValidation("User-Agent", "Pharos-Subscribers/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(config.VerifyTimeout);
        HttpResponseMessage response;
        try
        {
            response = await targets.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"no answer within {config.VerifyTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Retry(e.Message);
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                return DeliveryResult.Ok($"HTTP {code}");
            }

            if (code is 408 or 429 || code >= 500)
            {
                return DeliveryResult.Retry($"HTTP {code}", RetryAfter(response));
            }

            return DeliveryResult.Fail($"HTTP {code}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Whether a status code from the verification call accepts the subscription.</summary>
    internal static bool Accepts(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
