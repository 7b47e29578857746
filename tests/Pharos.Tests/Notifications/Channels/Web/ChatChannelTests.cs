using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Web;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Web;

/// <summary>Slack, Mattermost, Discord and Teams incoming webhooks, each against a receiver at its secret URL.</summary>
public sealed class ChatChannelTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private INotificationChannel Channel(string kind, string path) => new ChatWebhookConfig
    {
        Id = kind,
        Kind = kind,
        Url = new Pharos.Config.FileSecret(SecretFile(_dir, kind + ".url", _server.Url(path).AbsoluteUri)),
    }.Build(Context());

    [Fact]
    public async Task Slack_gets_fallback_text_and_blocks_with_escaped_mrkdwn_and_buttons()
    {
        var notice = Notice(text: "Error <b> & \"more\"");
        var result = await Channel("slack", "/services/T000/B000/XXXX").SendAsync(Message(notice, ack: new Uri("http://status.test.example/notifications/ack/7?sig=abc")), default);

        result.ShouldBeOfType<DeliveryResult.Delivered>();
        var r = _server.Single();
        r.Path.ShouldBe("/services/T000/B000/XXXX");
        var json = r.Json;
        json.GetProperty("text").GetString().ShouldBe("Checkout is down");
        var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
        blocks[0].GetProperty("type").GetString().ShouldBe("header");
        blocks[0].GetProperty("text").GetProperty("type").GetString().ShouldBe("plain_text");
        blocks[1].GetProperty("text").GetProperty("type").GetString().ShouldBe("mrkdwn");
        blocks[1].GetProperty("text").GetProperty("text").GetString().ShouldBe("Error &lt;b&gt; &amp; \"more\"");
        blocks[2].GetProperty("elements")[0].GetProperty("text").GetString()!.ShouldContain("08:45 PST (16:45 UTC)");
        var buttons = blocks[^1].GetProperty("elements").EnumerateArray().ToList();
        buttons.Select(b => b.GetProperty("url").GetString()).ShouldBe(["http://status.test.example/admin/checks/web", "http://status.test.example/notifications/ack/7?sig=abc"]);
    }

    [Fact]
    public async Task Mattermost_gets_one_markdown_text_with_markdown_escaped()
    {
        var notice = Notice(title: "Check *web* [down]", text: "line one\nline two");
        (await Channel("mattermost", "/hooks/abc123").SendAsync(Message(notice), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var text = _server.Single().Json.GetProperty("text").GetString()!;
        text.ShouldStartWith("#### Check \\*web\\* \\[down\\]\nline one\nline two\n");
        text.ShouldEndWith("[Open](http://status.test.example/admin/checks/web)");
    }

    [Fact]
    public async Task Discord_gets_content_under_2000_an_embed_per_notice_and_no_mentions()
    {
        var a = Notice(title: "@everyone " + new string('t', 3000));
        var b = Notice(kind: "check.up", severity: Severity.Info, title: "web is back");
        _server.Answer = _ => (204, null, "");

        (await Channel("discord", "/api/webhooks/1/tok").SendAsync(Message(a, grouped: [a, b]), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var json = _server.Single().Json;
        json.GetProperty("content").GetString()!.Length.ShouldBeLessThanOrEqualTo(DiscordChannel.MaxContent);
        json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().ShouldBe(0);
        var embeds = json.GetProperty("embeds").EnumerateArray().ToList();
        embeds.Count.ShouldBe(2);
        embeds[0].GetProperty("title").GetString()!.Length.ShouldBeLessThanOrEqualTo(256);
        embeds[1].GetProperty("title").GetString().ShouldBe("web is back");
        embeds[1].GetProperty("color").GetInt32().ShouldBe(0x2EB67D);
        embeds[0].GetProperty("timestamp").GetString().ShouldBe("2026-11-26T16:45:00Z");
    }

    [Fact]
    public async Task Discord_rate_limit_is_transient_with_its_retry_after()
    {
        _server.Answer = _ => (429, new() { ["Retry-After"] = "3" }, "{\"retry_after\": 2.5}");

        (await Channel("discord", "/api/webhooks/1/tok").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Teams_gets_a_message_with_one_adaptive_card_attachment()
    {
        _server.Answer = _ => (202, null, "");

        (await Channel("teams", "/workflows/abc/triggers/manual/paths/invoke").SendAsync(Message(ack: new Uri("http://status.test.example/notifications/ack/7?sig=abc")), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var json = _server.Single().Json;
        json.GetProperty("type").GetString().ShouldBe("message");
        var attachment = json.GetProperty("attachments").EnumerateArray().ShouldHaveSingleItem();
        attachment.GetProperty("contentType").GetString().ShouldBe("application/vnd.microsoft.card.adaptive");
        var card = attachment.GetProperty("content");
        card.GetProperty("type").GetString().ShouldBe("AdaptiveCard");
        card.GetProperty("version").GetString().ShouldBe("1.4");
        card.GetProperty("body")[0].GetProperty("text").GetString().ShouldBe("Checkout is down");
        card.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("type").GetString()).ShouldBe(["Action.OpenUrl", "Action.OpenUrl"]);
    }

    [Fact]
    public async Task A_chat_webhook_that_is_gone_is_permanent_and_its_url_is_not_in_the_error()
    {
        _server.Answer = r => (404, null, "no_service for " + r.Path);

        var result = (await Channel("slack", "/services/T000/B000/SECRETPART").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>();

        result.Error.ShouldStartWith("HTTP 404");
        result.Error.ShouldNotContain("SECRETPART");
    }
}
