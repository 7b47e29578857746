using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Pharos.Monitoring.Checks;

namespace Pharos.Failover.Parity;

/// <summary>
/// Asks both environments the same requests (each side straight at its address, with the public name as Host and
/// SNI) and shakes hands with both for every name the site serves; returns the findings side by side.
/// </summary>
public sealed class ParityChecker(HttpHandlerPool http, TimeProvider time)
{
    /// <summary>Bodies are read up to this; a page larger than this is compared on its first part.</summary>
    private const int MaxBody = 2 * 1024 * 1024;

    public async Task<ParityReport> RunAsync(string policyId, ParityConfig config, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var at = time.GetUtcNow();
        var findings = new List<ParityFinding>();
        TimeSpan primaryTotal = TimeSpan.Zero, standbyTotal = TimeSpan.Zero;
        foreach (var request in config.Requests)
        {
            var primary = GetAsync(config.Primary, config, request, ct);
            var standby = GetAsync(config.Standby, config, request, ct);
            var (p, s) = (await primary.ConfigureAwait(false), await standby.ConfigureAwait(false));
            findings.AddRange(ParityComparer.Compare(request, p, s));
            if (p.Error is null && s.Error is null)
            {
                primaryTotal += p.Elapsed;
                standbyTotal += s.Elapsed;
            }
        }

        if (config.Requests.Count > 0)
        {
            findings.Add(ParityComparer.Latency(primaryTotal, standbyTotal, config.LatencyRatio));
        }

        if (config.Tls is { } tls)
        {
            var roots = LoadRoots(tls);
            var now = time.GetUtcNow();
            foreach (var name in tls.Names)
            {
                var primary = ParityTls.InspectAsync(config.Primary, name, roots, config.Timeout, now, ct);
                var standby = ParityTls.InspectAsync(config.Standby, name, roots, config.Timeout, now, ct);
                findings.AddRange(ParityTls.Compare(name, await primary.ConfigureAwait(false), await standby.ConfigureAwait(false), tls.ExpiryWarning, now));
            }
        }

        return new ParityReport
        {
            PolicyId = policyId, At = at, Primary = config.Primary.ToString(), Standby = config.Standby.ToString(),
            Findings = findings, Duration = Stopwatch.GetElapsedTime(started),
        };
    }

    private async Task<SideAnswer> GetAsync(Uri environment, ParityConfig config, ParityRequest request, CancellationToken ct)
    {
        var client = http.Get(followRedirects: false, verifyTls: false, resolve: null, sni: config.Host).Client;
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(environment, request.Path));
        message.Headers.Host = config.Host;
        message.Options.Set(HttpHandlerPool.SniOption, config.Host);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(config.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            var body = await ReadAsync(response.Content, cts.Token).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in request.Headers)
            {
                if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                {
                    headers[name.ToLowerInvariant()] = string.Join(", ", values);
                }
            }

            return new SideAnswer { Status = (int)response.StatusCode, Headers = headers, Body = body, Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SideAnswer { Error = $"no answer within {config.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s" };
        }
        catch (HttpRequestException e)
        {
            return new SideAnswer { Error = e.InnerException?.Message ?? e.Message };
        }
    }

    private static async Task<string> ReadAsync(HttpContent content, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while (body.Length < MaxBody && (n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, MaxBody - body.Length)), ct).ConfigureAwait(false)) > 0)
            {
                body.Write(buffer, 0, n);
            }

            return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        }
    }

    /// <summary>The configured roots, read at each run so a renewed CA file is used without a restart.</summary>
    private static X509Certificate2Collection? LoadRoots(ParityTlsConfig tls)
    {
        if (tls.CaFile is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(tls.CaFile);
        return roots;
    }
}
