using System.Net;
using System.Text;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// One HTTP attempt and how every HTTP channel judges its answer: 2xx delivered; 408, 425, 429 and 5xx worth retrying
/// (after the receiver's Retry-After); any other status permanent, with a short excerpt of the body; network errors
/// and the channel's timeout transient. Secrets the channel holds are blanked out of every error it reports.
/// </summary>
public sealed class HttpDelivery(HttpClient http, TimeProvider time, TimeSpan timeout, IReadOnlyList<string> secrets)
{
    private const int ExcerptLength = 200;

    /// <summary>Also read X's `x-rate-limit-reset` (epoch seconds) when there is no Retry-After.</summary>
    public bool UseRateLimitReset { get; init; }

    /// <summary>
    /// Sends what <paramref name="build"/> makes. <paramref name="judge"/> may decide a non-2xx answer itself (X's
    /// "duplicate content" means an earlier attempt got through) by returning a result instead of null.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct, Func<HttpStatusCode, string, DeliveryResult?>? judge = null)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Wall-clock time, as the relay's own guard: the timeout bounds real I/O, which a test's fake clock must not cut short.
        linked.CancelAfter(timeout);
        try
        {
            using var request = build();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return DeliveryResult.Ok($"HTTP {status}");
            }

            var excerpt = await ExcerptAsync(response, linked.Token).ConfigureAwait(false);
            if (judge?.Invoke(response.StatusCode, excerpt) is { } decided)
            {
                return decided;
            }

            var error = excerpt.Length == 0 ? $"HTTP {status}" : $"HTTP {status}: {excerpt}";
            return IsTransient(status)
                ? DeliveryResult.Retry(error, RetryAfter(response, time.GetUtcNow(), UseRateLimitReset))
                : DeliveryResult.Fail(status is >= 300 and < 400 ? $"{error} (redirects are not followed; configure the final URL)" : error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Retry(Redact($"network error: {e.Message}"));
        }
        catch (IOException e)
        {
            return DeliveryResult.Retry(Redact($"network error: {e.Message}"));
        }
    }

    /// <summary>408 Request Timeout, 425 Too Early, 429 Too Many Requests and every 5xx may pass by themselves.</summary>
    public static bool IsTransient(int status) => status is 408 or 425 or 429 or >= 500;

    /// <summary>How long the receiver asked us to wait: Retry-After as seconds or an HTTP date, else (for X) the rate-limit reset.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now, bool useRateLimitReset)
    {
        TimeSpan? after = null;
        if (response.Headers.RetryAfter is { } ra)
        {
            after = ra.Delta ?? (ra.Date is { } date ? date - now : null);
        }
        else if (useRateLimitReset && response.Headers.TryGetValues("x-rate-limit-reset", out var values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var epoch))
        {
            after = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
        }

        // A date in the past means "now"; a day is the most any receiver gets to hold a message back.
        return after is { } a ? TimeSpan.FromTicks(Math.Clamp(a.Ticks, 0, TimeSpan.TicksPerDay)) : null;
    }

    private async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[2048];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return Redact(MessageText.Clip(oneLine, ExcerptLength));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }

    private string Redact(string text)
    {
        foreach (var s in secrets)
        {
            if (s.Length >= 4)
            {
                text = text.Replace(s, "[secret]", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
