using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Config;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Channels;

/// <summary>What the channel tests share: a channel context, sample messages and a server that records requests.</summary>
public static class ChannelTestKit
{
    public static readonly DateTimeOffset At = new(2026, 11, 26, 16, 45, 0, TimeSpan.Zero);

    public static SiteCatalog Site => new()
    {
        Site = new SiteConfig { Name = "Test Shop", PublicUrl = new Uri("http://status.test.example/"), PageId = "testpage0001", TimeZone = "America/Los_Angeles" },
    };

    public static ChannelContext Context(TimeProvider? time = null) => new(
        new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan },
        time ?? TimeProvider.System,
        NullLoggerFactory.Instance,
        Site);

    public static Notice Notice(string kind = "check.down", Severity severity = Severity.Critical, string title = "Checkout is down", string text = "The check web failed 3 times: connection refused.", string subject = "web", string? url = "http://status.test.example/admin/checks/web") => new()
    {
        Id = 7,
        Kind = kind,
        Severity = severity,
        SubjectType = "check",
        SubjectId = subject,
        Title = title,
        Text = text,
        Url = url,
        At = At,
        Data = new Dictionary<string, string> { ["name"] = "Web", ["error"] = "connection refused" },
    };

    public static OutboundMessage Message(Notice? notice = null, string key = "n7:ops:pager", IReadOnlyList<Notice>? grouped = null, Recipient? recipient = null, Uri? ack = null) => new()
    {
        Id = 1,
        IdempotencyKey = key,
        Notice = notice ?? Notice(),
        Grouped = grouped ?? [],
        Recipient = recipient,
        AcknowledgeUrl = ack,
    };

    /// <summary>Writes a file holding a secret (trailing newline, as editors leave one) and returns its path.</summary>
    public static string SecretFile(TempDir dir, string name, string value) => dir.Write(name, value + "\n");
}

/// <summary>One request a <see cref="RecordingServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>A loopback HTTP server that records every request and answers what the test sets.</summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RecordingServer(LoopbackServer server) => _server = server;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The answer: status, extra headers, body. 200 "ok" unless a test changes it.</summary>
    public Func<RecordedRequest, (int Status, Dictionary<string, string>? Headers, string Body)> Answer { get; set; } = _ => (200, null, "ok");

    public Uri Url(string path = "/") => _server.Url(path);

    public RecordedRequest Single() => Requests.ShouldHaveSingleItem();

    public static async Task<RecordingServer> StartAsync()
    {
        RecordingServer? self = null;
        var server = await LoopbackServer.StartAsync(async ctx => await self!.HandleAsync(ctx));
        self = new RecordingServer(server);
        return self;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        var headers = ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", headers, body.ToArray());
        Requests.Enqueue(request);
        var (status, extra, text) = Answer(request);
        ctx.Response.StatusCode = status;
        foreach (var (k, v) in extra ?? [])
        {
            ctx.Response.Headers[k] = v;
        }

        await ctx.Response.WriteAsync(text);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
