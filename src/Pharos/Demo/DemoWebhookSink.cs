using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Pharos.Demo;

/// <summary>
/// The demo's webhook receiver: its own small Kestrel server on a free loopback port, apart from Pharos's public
/// listener, that takes any POST to /hooks/{name} into the <see cref="DemoInbox"/> and answers 200.
/// </summary>
public sealed class DemoWebhookSink : IAsyncDisposable
{
    /// <summary>The largest body accepted; larger ones get 413.</summary>
    public const int MaxBody = 1024 * 1024;

    private readonly WebApplication _app;

    private DemoWebhookSink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, such as http://127.0.0.1:41234/; hooks live under hooks/.</summary>
    public Uri Address { get; }

    public static async Task<DemoWebhookSink> StartAsync(IPAddress address, DemoInbox inbox, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxBody;
        });
        var app = builder.Build();
        app.MapPost("/hooks/{name}", async (HttpContext http, string name) =>
        {
            string body;
            try
            {
                using var reader = new StreamReader(http.Request.Body);
                body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                return Results.StatusCode(e.StatusCode);
            }

            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            var key = headers.GetValueOrDefault("idempotency-key") ?? headers.GetValueOrDefault("x-idempotency-key") ?? Find(body, "idempotency_key", "id");
            inbox.Add("webhook", headers.GetValueOrDefault("user-agent") ?? "", [$"/hooks/{name}"], Find(body, "title", "subject", "summary", "name") ?? "(no title)", key, headers, body);
            return Results.Ok();
        });
        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoWebhookSink(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The first string property of these names, at the top of a JSON object or one object down.</summary>
    private static string? Find(string json, params string[] names)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in names)
            {
                if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    return v.GetString();
                }
            }

            foreach (var name in names)
            {
                foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                {
                    if (p.Value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                    {
                        return v.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
