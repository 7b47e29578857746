using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Web;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Web;

public sealed class WebhookChannelTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private WebhookChannel Channel(string? secret = null, WebhookTemplate? body = null, TimeSpan? timeout = null, Uri? url = null) =>
        new(new WebhookConfig
        {
            Id = "hook",
            Url = url ?? _server.Url("/hooks/pharos"),
            Secret = secret is null ? null : new Pharos.Config.FileSecret(SecretFile(_dir, "secret", secret)),
            Body = body,
            Headers = new Dictionary<string, string> { ["Authorization"] = "Token abc" },
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        }, Context());

    [Fact]
    public async Task Posts_the_documented_json_with_idempotency_event_and_timestamp_headers()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = await Channel().SendAsync(Message(key: "n7:ops:hook"), default);

        result.ShouldBeOfType<DeliveryResult.Delivered>();
        var r = _server.Single();
        r.Method.ShouldBe("POST");
        r.Path.ShouldBe("/hooks/pharos");
        r.Header("Content-Type").ShouldBe("application/json; charset=utf-8");
        r.Header("Idempotency-Key").ShouldBe("n7:ops:hook");
        r.Header("X-Pharos-Event").ShouldBe("check.down");
        r.Header("Authorization").ShouldBe("Token abc");
        long.Parse(r.Header("X-Pharos-Timestamp")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(before, before + 5);
        r.Header("X-Pharos-Signature").ShouldBeNull();
        var json = r.Json;
        json.GetProperty("idempotency_key").GetString().ShouldBe("n7:ops:hook");
        json.GetProperty("kind").GetString().ShouldBe("check.down");
        json.GetProperty("severity").GetString().ShouldBe("critical");
        json.GetProperty("subject_type").GetString().ShouldBe("check");
        json.GetProperty("subject_id").GetString().ShouldBe("web");
        json.GetProperty("title").GetString().ShouldBe("Checkout is down");
        json.GetProperty("at").GetString().ShouldBe("2026-11-26T16:45:00.000Z");
        json.GetProperty("recovery").GetBoolean().ShouldBeFalse();
        json.GetProperty("data").GetProperty("error").GetString().ShouldBe("connection refused");
        json.GetProperty("notices").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task The_signature_is_the_hmac_of_timestamp_dot_body_under_the_secret()
    {
        (await Channel(secret: "s3cret-signing-key").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var r = _server.Single();
        var timestamp = r.Header("X-Pharos-Timestamp")!;
        // Computed here from the wire bytes, as a receiver would, without the channel's helper.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-signing-key"), Encoding.UTF8.GetBytes(timestamp + "." + r.Text)));
        r.Header("X-Pharos-Signature").ShouldBe("sha256=" + expected);
    }

    [Fact]
    public async Task A_template_is_filled_with_json_escaped_values()
    {
        var template = WebhookTemplate.TryParse("""{"msg": "{{title}}: {{text}}", "sev": "{{severity}}", "check": "{{data.name}}", "key": "{{idempotency_key}}"}""", out var error);
        error.ShouldBeNull();
        var notice = Notice(title: "Quote \" and\nnewline", text: "back\\slash </script>");

        (await Channel(body: template).SendAsync(Message(notice), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var json = _server.Single().Json;
        json.GetProperty("msg").GetString().ShouldBe("Quote \" and\nnewline: back\\slash </script>");
        json.GetProperty("sev").GetString().ShouldBe("critical");
        json.GetProperty("check").GetString().ShouldBe("Web");
        json.GetProperty("key").GetString().ShouldBe("n7:ops:pager");
    }

    [Theory]
    [InlineData("""{"a": {{title}}}""", "not valid JSON")]
    [InlineData("""{"a": "{{nope}}"}""", "unknown placeholder {{nope}}")]
    public void A_template_that_cannot_make_json_is_refused(string text, string why)
    {
        WebhookTemplate.TryParse(text, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(why);
    }

    [Fact]
    public async Task A_subscriber_message_goes_to_the_subscribers_url()
    {
        await using var other = await RecordingServer.StartAsync();
        var recipient = new Recipient("sub1", other.Url("/their/hook").AbsoluteUri, new Uri("http://status.test.example/unsubscribe?x=1"));

        (await Channel().SendAsync(Message(recipient: recipient), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        _server.Requests.ShouldBeEmpty();
        var r = other.Single();
        r.Path.ShouldBe("/their/hook");
        r.Json.GetProperty("unsubscribe_url").GetString().ShouldBe("http://status.test.example/unsubscribe?x=1");
    }

    [Fact]
    public async Task A_grouped_message_lists_every_notice()
    {
        var a = Notice(title: "web down");
        var b = Notice(kind: "check.up", severity: Severity.Info, title: "web up");

        (await Channel().SendAsync(Message(a, grouped: [a, b]), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var notices = _server.Single().Json.GetProperty("notices");
        notices.EnumerateArray().Select(n => n.GetProperty("title").GetString()).ShouldBe(["web down", "web up"]);
        notices[1].GetProperty("recovery").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_seconds_is_transient_with_that_delay()
    {
        _server.Answer = _ => (429, new() { ["Retry-After"] = "17" }, "slow down");

        var result = (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>();

        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(17));
        result.Error.ShouldContain("429");
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var when = DateTimeOffset.UtcNow.AddSeconds(120);
        _server.Answer = _ => (503, new() { ["Retry-After"] = when.ToString("R") }, "");

        var result = (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>();

        result.RetryAfter.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(100, 121);
    }

    [Fact]
    public async Task Bad_request_is_permanent_with_the_status_and_an_excerpt()
    {
        _server.Answer = _ => (400, null, "{\"error\": \"unknown field 'foo'\"}" + new string('x', 500));

        var result = (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>();

        result.Error.ShouldStartWith("HTTP 400: {\"error\": \"unknown field 'foo'\"}");
        result.Error.Length.ShouldBeLessThan(260);
    }

    [Fact]
    public async Task Server_error_is_transient()
    {
        _server.Answer = _ => (500, null, "oops");

        var result = (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>();

        result.Error.ShouldBe("HTTP 500: oops");
        result.RetryAfter.ShouldBeNull();
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_permanent()
    {
        _server.Answer = _ => (301, new() { ["Location"] = "http://127.0.0.1:1/" }, "");

        (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error.ShouldContain("redirects are not followed");
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_transient()
    {
        var release = new TaskCompletionSource();
        _server.Answer = _ =>
        {
            release.Task.Wait(TimeSpan.FromSeconds(5));
            return (200, null, "late");
        };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = (await Channel(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>();
        release.SetResult();

        result.Error.ShouldContain("no answer within 0.3 s");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var result = await Channel(url: new Uri("http://127.0.0.1:1/hook")).SendAsync(Message(), default);

        result.ShouldBeOfType<DeliveryResult.Transient>().Error.ShouldStartWith("network error");
    }

    [Fact]
    public async Task The_secret_never_appears_in_an_error()
    {
        _server.Answer = r => (400, null, "bad signature for secret " + "s3cret-signing-key");

        var result = (await Channel(secret: "s3cret-signing-key").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>();

        result.Error.ShouldNotContain("s3cret-signing-key");
        result.Error.ShouldContain("[secret]");
    }

    [Fact]
    public void Documented_default_body_is_valid_json_with_stable_field_names()
    {
        var json = JsonDocument.Parse(MessageJson.Serialize(Message(ack: new Uri("http://status.test.example/notifications/ack/7?sig=x")))).RootElement;

        json.EnumerateObject().Select(p => p.Name).ShouldBe(["idempotency_key", "kind", "severity", "subject_type", "subject_id", "title", "text", "url", "at", "recovery", "data", "acknowledge_url", "notices"]);
    }
}
