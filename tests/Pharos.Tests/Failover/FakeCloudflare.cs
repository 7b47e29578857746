using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Pharos.Tests.Failover;

/// <summary>
/// A local stand-in for Cloudflare's DNS records API v4, following its documentation (shared/reference): the
/// envelope, bearer tokens, list filters, and batches run as one transaction that refuses a CNAME beside A/AAAA.
/// </summary>
public sealed class FakeCloudflare : IAsyncDisposable
{
    public const string Token = "test-token-with-dns-write";
    public const string ZoneId = "0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<JsonObject> _records = [];
    private int _nextId = 1;

    private FakeCloudflare(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, the next batch fails with this error, as a Cloudflare outage would.</summary>
    public string? FailNextBatch { get; set; }

    public int Batches { get; private set; }

    public static async Task<FakeCloudflare> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeCloudflare(app);
        app.Use(async (http, next) =>
        {
            if (http.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await Reply(http, 403, false, null, [(10000, "Authentication error")]);
                return;
            }

            await next(http);
        });
        app.MapGet("/client/v4/zones/{zone}/dns_records", (HttpContext http, string zone) => fake.List(http, zone));
        app.MapPost("/client/v4/zones/{zone}/dns_records/batch", (HttpContext http, string zone) => fake.Batch(http, zone));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address + "/client/v4/");
        return fake;
    }

    public void Seed(string type, string name, string content, int ttl = 300)
    {
        lock (_gate)
        {
            _records.Add(new JsonObject { ["id"] = $"rec{_nextId++}", ["type"] = type, ["name"] = name, ["content"] = content, ["ttl"] = ttl, ["proxied"] = false });
        }
    }

    public IReadOnlyList<string> Contents(string type, string name)
    {
        lock (_gate)
        {
            return _records.Where(r => (string?)r["type"] == type && (string?)r["name"] == name).Select(r => $"{r["content"]}/{r["ttl"]}").Order(StringComparer.Ordinal).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task List(HttpContext http, string zone)
    {
        if (zone != ZoneId)
        {
            return Reply(http, 404, false, null, [(7003, "Could not route to /zones/" + zone)]);
        }

        var type = http.Request.Query["type"].ToString();
        var name = http.Request.Query["name"].ToString();
        lock (_gate)
        {
            var matches = _records.Where(r => (type.Length == 0 || (string?)r["type"] == type) && (name.Length == 0 || (string?)r["name"] == name))
                .Select(r => r.DeepClone()).ToArray();
            return Reply(http, 200, true, new JsonArray(matches));
        }
    }

    private async Task Batch(HttpContext http, string zone)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        lock (_gate)
        {
            Batches++;
            if (FailNextBatch is { } error)
            {
                FailNextBatch = null;
                _ = Reply(http, 500, false, null, [(1000, error)]);
                return;
            }

            // One transaction: work on a copy and commit only if every step is valid.
            var copy = _records.Select(r => (JsonObject)r.DeepClone()).ToList();
            foreach (var d in body?["deletes"]?.AsArray() ?? [])
            {
                if (copy.RemoveAll(r => (string?)r["id"] == (string?)d!["id"]) == 0)
                {
                    _ = Reply(http, 400, false, null, [(81044, "Record does not exist.")]);
                    return;
                }
            }

            foreach (var p in body?["posts"]?.AsArray() ?? [])
            {
                var record = (JsonObject)p!.DeepClone();
                var name = (string?)record["name"];
                var type = (string?)record["type"];
                var clash = copy.Any(r => (string?)r["name"] == name && (((string?)r["type"] == "CNAME") != (type == "CNAME")));
                if (clash)
                {
                    _ = Reply(http, 400, false, null, [(81053, "An A, AAAA, or CNAME record with that host already exists.")]);
                    return;
                }

                record["id"] = $"rec{_nextId++}";
                copy.Add(record);
            }

            _records.Clear();
            _records.AddRange(copy);
        }

        await Reply(http, 200, true, new JsonObject());
    }

    private static Task Reply(HttpContext http, int status, bool success, JsonNode? result, (int Code, string Message)[]? errors = null)
    {
        http.Response.StatusCode = status;
        var envelope = new JsonObject
        {
            ["success"] = success,
            ["errors"] = new JsonArray((errors ?? []).Select(e => (JsonNode)new JsonObject { ["code"] = e.Code, ["message"] = e.Message }).ToArray()),
            ["messages"] = new JsonArray(),
            ["result"] = result,
        };
        return http.Response.WriteAsync(envelope.ToJsonString(new JsonSerializerOptions()));
    }
}
