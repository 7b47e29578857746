using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pharos.Tests.Support;

/// <summary>
/// A loopback OTLP/HTTP collector: keeps every POST to /v1/traces and /v1/metrics. OTLP protobuf carries span, metric
/// and attribute names as UTF-8 strings, so a byte search is an honest check without a protobuf library.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Export> _exports = new();
    private LoopbackServer? _server;

    public Uri BaseUrl => new($"http://127.0.0.1:{_server!.Port}");

    public IReadOnlyList<Export> Exports => [.. _exports];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    /// <summary>Whether some export to <paramref name="path"/> holds every one of the strings.</summary>
    public bool Received(string path, params string[] names) =>
        _exports.Any(e => e.Path == path && names.All(e.Contains));

    /// <summary>Every string the receiver saw on a path, for the message of a failed wait.</summary>
    public string Describe(string path)
    {
        var bodies = _exports.Where(e => e.Path == path).ToList();
        var names = bodies.SelectMany(e => System.Text.RegularExpressions.Regex.Matches(Encoding.UTF8.GetString(e.Body), "pharos[._][a-z_.]+").Select(m => m.Value)).Distinct().Order();
        return $"{bodies.Count} export(s) to {path}, {bodies.Sum(e => e.Body.Length)} bytes, naming {string.Join(", ", names)}";
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        _exports.Enqueue(new Export(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.ContentType, ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
        // An empty Export*ServiceResponse: every item accepted.
        ctx.Response.ContentType = "application/x-protobuf";
        ctx.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>One request as it arrived.</summary>
    public sealed record Export(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

        /// <summary>
        /// Whether the body holds the attribute as OTLP encodes it: a KeyValue (1: key, 2: AnyValue whose 1: string_value),
        /// so a URL that only appears inside another attribute does not count. Short strings only (one-byte lengths).
        /// </summary>
        public bool HasAttribute(string key, string value)
        {
            var k = Encoding.UTF8.GetBytes(key);
            var v = Encoding.UTF8.GetBytes(value);
            byte[] pattern = [0x0A, (byte)k.Length, .. k, 0x12, (byte)(v.Length + 2), 0x0A, (byte)v.Length, .. v];
            return Body.AsSpan().IndexOf(pattern) >= 0;
        }
    }
}
