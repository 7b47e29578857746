using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Web;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Web;

/// <summary>Against a receiver that answers like an ntfy server's POST /{topic}.</summary>
public sealed class NtfyChannelTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private NtfyChannel Channel(string? token = null) => new(new NtfyConfig
    {
        Id = "push",
        Server = _server.Url(),
        Topic = "pharos-alerts",
        Token = token is null ? null : new Pharos.Config.FileSecret(SecretFile(_dir, "token", token)),
    }, Context());

    [Fact]
    public async Task Posts_the_text_to_the_topic_with_title_priority_tags_click_and_token()
    {
        var result = await Channel("tk_abc123").SendAsync(Message(ack: new Uri("http://status.test.example/notifications/ack/7?sig=abc")), default);

        result.ShouldBeOfType<DeliveryResult.Delivered>();
        var r = _server.Single();
        r.Path.ShouldBe("/pharos-alerts");
        r.Text.ShouldBe("The check web failed 3 times: connection refused.");
        r.Header("Title").ShouldBe("Checkout is down");
        r.Header("Priority").ShouldBe("5");
        r.Header("Tags").ShouldBe("rotating_light,check.down");
        r.Header("Click").ShouldBe("http://status.test.example/admin/checks/web");
        r.Header("Actions").ShouldBe("view, Acknowledge, http://status.test.example/notifications/ack/7?sig=abc");
        r.Header("Authorization").ShouldBe("Bearer tk_abc123");
    }

    [Fact]
    public async Task A_public_topic_sends_no_authorization_and_a_recovery_is_default_priority()
    {
        (await Channel().SendAsync(Message(Notice(kind: "check.up", severity: Severity.Info, title: "Caf\u00e9 is up")), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var r = _server.Single();
        r.Header("Authorization").ShouldBeNull();
        r.Header("Priority").ShouldBe("3");
        r.Header("Tags")!.ShouldStartWith("white_check_mark");
        // Not ASCII: an RFC 2047 encoded word, which ntfy decodes.
        r.Header("Title").ShouldBe("=?UTF-8?B?" + Convert.ToBase64String("Caf\u00e9 is up"u8.ToArray()) + "?=");
    }

    [Fact]
    public async Task Too_many_requests_is_transient_with_retry_after()
    {
        _server.Answer = _ => (429, new() { ["Retry-After"] = "60" }, """{"code":42901,"http":429,"error":"limit reached: too many requests"}""");

        (await Channel().SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>().RetryAfter.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_refused_token_is_permanent()
    {
        _server.Answer = _ => (403, null, """{"code":40301,"http":403,"error":"forbidden"}""");

        (await Channel("tk_wrong").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error.ShouldContain("403");
    }
}
