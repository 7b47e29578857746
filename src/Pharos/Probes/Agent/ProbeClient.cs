using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace Pharos.Probes.Agent;

/// <summary>What the server answered to a batch: taken (recorded or a known replay), worth retrying, or refused for good.</summary>
public enum SendOutcome
{
    Acknowledged,
    Retry,
    Refused,
}

/// <summary>The probe's side of /api/v1/probes: fetch the checks with their ETag, post signed batches.</summary>
public sealed class ProbeClient : IDisposable
{
    public static readonly string Version = typeof(ProbeClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly HttpClient _http;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ProbeClient(ProbeAgentOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = options.Server,
            Timeout = TimeSpan.FromSeconds(20),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"pharos-probe/{Version}");
        _key = BatchSignature.KeyOf(options.Token);
        _time = time;
    }

    /// <summary>The checks, or null when unchanged since <paramref name="etag"/>. Throws when the server cannot be asked.</summary>
    public async Task<ProbeChecksReply?> FetchChecksAsync(string? etag, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/probes/checks");
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<ProbeChecksReply>(ProbeJson.Options, ct).ConfigureAwait(false)
            ?? throw new HttpRequestException("the server answered no checks");
    }

    /// <summary>Posts one batch, signed now. 5xx, 429 and no answer at all are worth retrying; 401 and 403 too (a fixed clock or token).</summary>
    public async Task<(SendOutcome Outcome, string Detail)> SendAsync(byte[] body, CancellationToken ct)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/probes/results") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(BatchSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(BatchSignature.SignatureHeader, BatchSignature.Sign(_key, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var detail = $"{status} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}";
            return response.IsSuccessStatusCode ? (SendOutcome.Acknowledged, detail)
                : status is 400 or 413 or 422 ? (SendOutcome.Refused, detail)
                : (SendOutcome.Retry, detail);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (SendOutcome.Retry, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
