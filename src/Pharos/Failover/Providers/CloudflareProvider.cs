using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pharos.Dns;

namespace Pharos.Failover.Providers;

/// <summary>
/// Cloudflare's DNS records API v4. The whole set is replaced in one batch call (deletes then posts, run in one
/// database transaction on Cloudflare's side), records are never proxied so the policy's TTL is what resolvers
/// see, and the result is read back through the API before the change counts as applied.
/// </summary>
public sealed class CloudflareProvider(HttpClient http, string zoneId, string token, Uri apiBase, TimeProvider time) : IRecordProvider, IRecordReadBack
{
    // Relative paths resolve under the base only when it ends with a slash.
    private readonly Uri _base = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>None: the API read-back is the check, unless the policy names nameservers to ask.</summary>
    public IReadOnlyList<IPEndPoint> DefaultNameservers => [];

    public async Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct)
    {
        var ttl = (int)policy.Ttl.TotalSeconds;
        var deletes = new List<IdRef>();
        var posts = new List<CloudflareRecord>();
        foreach (var name in policy.Names)
        {
            foreach (var type in policy.Types)
            {
                foreach (var existing in await ListAsync(name, type, ct).ConfigureAwait(false))
                {
                    deletes.Add(new IdRef(existing.Id!));
                }

                posts.AddRange(targets.Values(type).Select(v => new CloudflareRecord { Type = type.ToString(), Name = Bare(name), Content = Bare(v), Ttl = ttl, Proxied = false }));
            }
        }

        await SendAsync<JsonElement>(HttpMethod.Post, $"zones/{zoneId}/dns_records/batch", new Batch(deletes, posts), ct).ConfigureAwait(false);

        // Read back: the API is the source of truth for what Cloudflare will serve.
        foreach (var name in policy.Names)
        {
            foreach (var type in policy.Types)
            {
                var now = await ListAsync(name, type, ct).ConfigureAwait(false);
                var expected = targets.Values(type).Select(Bare).Order(StringComparer.OrdinalIgnoreCase).ToList();
                var actual = now.Select(r => r.Content ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList();
                if (!actual.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase) || now.Any(r => r.Ttl != ttl || r.Proxied == true))
                {
                    throw new RecordProviderException($"cloudflare reads back {name} {type} as [{string.Join(", ", now.Select(r => $"{r.Content} ttl {r.Ttl}{(r.Proxied == true ? " proxied" : "")}"))}], expected [{string.Join(", ", expected)}] ttl {ttl}");
                }
            }
        }
    }

    public string Source => "cloudflare API";

    public async Task<ReadBackSet> ReadAsync(DnsName name, DnsType type, CancellationToken ct)
    {
        var records = await ListAsync(name, type, ct).ConfigureAwait(false);
        return new ReadBackSet(
            records.Select(r => r.Content ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList(),
            records.Count == 0 ? null : (uint)records.Min(r => r.Ttl),
            records.Any(r => r.Proxied == true));
    }

    private async Task<List<CloudflareRecord>> ListAsync(DnsName name, DnsType type, CancellationToken ct) =>
        await SendAsync<List<CloudflareRecord>>(HttpMethod.Get, $"zones/{zoneId}/dns_records?type={type}&name={Uri.EscapeDataString(Bare(name))}&per_page=100", null, ct).ConfigureAwait(false) ?? [];

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_base, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }

            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 3)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait < TimeSpan.FromSeconds(10) ? wait : TimeSpan.FromSeconds(10), time, ct).ConfigureAwait(false);
                continue;
            }

            Envelope<T>? envelope;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync<Envelope<T>>(Json, ct).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new RecordProviderException($"cloudflare {method} {path}: HTTP {(int)response.StatusCode} with a body that is not the API's JSON", e);
            }

            if (!response.IsSuccessStatusCode || envelope is not { Success: true })
            {
                var errors = envelope?.Errors is { Count: > 0 } list ? string.Join("; ", list.Select(e => $"{e.Code}: {e.Message}")) : "no error given";
                throw new RecordProviderException($"cloudflare {method} {path}: HTTP {(int)response.StatusCode}: {errors}");
            }

            return envelope.Result;
        }
    }

    /// <summary>Cloudflare writes names without the trailing dot.</summary>
    private static string Bare(DnsName name) => Bare(name.ToString());

    private static string Bare(string name) => name.TrimEnd('.');

    private sealed record Envelope<T>(bool Success, List<ApiError>? Errors, T? Result);

    private sealed record ApiError(int Code, string Message);

    private sealed record IdRef(string Id);

    private sealed record Batch(List<IdRef> Deletes, List<CloudflareRecord> Posts);

    private sealed record CloudflareRecord
    {
        public string? Id { get; init; }

        public string? Type { get; init; }

        public string? Name { get; init; }

        public string? Content { get; init; }

        public int Ttl { get; init; }

        public bool? Proxied { get; init; }
    }
}

/// <summary>
/// Builds each cloudflare policy's provider on a client from <see cref="IHttpClientFactory"/>, whose handlers are
/// pooled and rotated (DNS changes of api.cloudflare.com are seen) and can be replaced in tests.
/// </summary>
public sealed class CloudflareProviderFactory(IHttpClientFactory clients, TimeProvider time) : RecordProviderFactory<CloudflareProviderConfig>
{
    /// <summary>The named client's name, configured in <see cref="FailoverRegistration"/>.</summary>
    public const string HttpClientName = "failover-cloudflare";

    protected override IRecordProvider Create(FailoverPolicy policy, CloudflareProviderConfig config) =>
        new CloudflareProvider(clients.CreateClient(HttpClientName), config.ZoneId, config.ApiToken.Read(), config.ApiBase, time);
}
