using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pharos.Monitoring.Checks;

/// <summary>An HTTP(S) request judged by status, body, JSON field, latency and certificate expiry.</summary>
public sealed class HttpProbe(HttpCheckConfig config, HttpHandlerPool pool, TimeProvider time) : IProbe
{
    private readonly HttpHandlerPool.Entry _handler = pool.Get(config.FollowRedirects, config.VerifyTls, config.Resolve, config.Sni);
    private readonly HttpMethod _method = HttpMethod.Parse(config.Method);

    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(_method, config.Url);
        foreach (var (name, value) in config.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (config.HostHeader is not null)
        {
            request.Headers.Host = config.HostHeader;
        }

        if (config.Sni is not null)
        {
            request.Options.Set(HttpHandlerPool.SniOption, config.Sni);
        }

        if (config.Body is not null)
        {
            request.Content = new StringContent(config.Body, Encoding.UTF8);
            if (config.Headers.TryGetValue("Content-Type", out var type))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _handler.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(started);
        var (body, truncated) = config.NeedsBody ? await ReadLimitedAsync(response.Content, config.MaxBodyBytes, ct).ConfigureAwait(false) : ("", false);
        var result = Judge((int)response.StatusCode, body, truncated, latency).WithLatencyLimit(config.DegradedLatency);
        if (config.Url.Scheme == Uri.UriSchemeHttps)
        {
            var sni = config.Sni ?? config.HostHeader ?? config.Url.IdnHost;
            result = CertificateExpiry.Judge(result, _handler.CertificateFor(sni), config.TlsExpiryWarning, time.GetUtcNow());
        }

        return result;
    }

    private ProbeResult Judge(int status, string body, bool truncated, TimeSpan latency)
    {
        var statusOk = config.ExpectStatus.Count == 0 ? status is >= 200 and < 400 : config.ExpectStatus.Contains(status);
        if (!statusOk)
        {
            return ProbeResult.Down(latency, $"status {status}" + (config.ExpectStatus.Count > 0 ? $", expected {string.Join(" or ", config.ExpectStatus)}" : ""));
        }

        var cut = truncated ? $" (in the first {config.MaxBodyBytes} bytes read)" : "";
        if (config.BodyContains is { } must && !body.Contains(must, StringComparison.Ordinal))
        {
            return ProbeResult.Down(latency, $"body does not contain '{must}'{cut}");
        }

        if (config.BodyNotContains is { } mustNot && body.Contains(mustNot, StringComparison.Ordinal))
        {
            return ProbeResult.Down(latency, $"body contains '{mustNot}'");
        }

        if (config.BodyRegex is { } regex && !regex.IsMatch(body))
        {
            return ProbeResult.Down(latency, $"body does not match /{regex}/{cut}");
        }

        if (config.JsonPath is { } path)
        {
            string? value;
            try
            {
                using var doc = JsonDocument.Parse(body);
                value = path.Evaluate(doc.RootElement);
            }
            catch (JsonException)
            {
                return ProbeResult.Down(latency, $"body is not JSON{cut}");
            }

            if (value is null)
            {
                return ProbeResult.Down(latency, $"{path} is not in the body");
            }

            if (config.JsonEquals is { } expected && !string.Equals(value, expected, StringComparison.Ordinal))
            {
                return ProbeResult.Down(latency, $"{path} is '{Shorten(value)}', expected '{expected}'");
            }
        }

        return ProbeResult.Up(latency, truncated ? $"status {status}; body read up to {config.MaxBodyBytes} bytes" : $"status {status}");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; the rest of a huge body is never downloaded.</summary>
    private static async Task<(string Body, bool Truncated)> ReadLimitedAsync(HttpContent content, int limit, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
            try
            {
                var total = 0;
                while (total <= limit)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(total, limit + 1 - total), ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    total += n;
                }

                var truncated = total > limit;
                return (Encoding.UTF8.GetString(buffer, 0, Math.Min(total, limit)), truncated);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
