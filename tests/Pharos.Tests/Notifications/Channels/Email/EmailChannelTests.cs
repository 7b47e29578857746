using MimeKit;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Email;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Email;

/// <summary>The email channel against a real SMTP server (aiosmtpd) started by each test.</summary>
public sealed class EmailChannelTests
{
    private static EmailChannel Channel(SmtpSink sink, int concurrency = 4, TimeSpan? timeout = null) => new(new EmailConfig
    {
        Id = "mail",
        Host = "127.0.0.1",
        Port = sink.Port,
        Tls = SmtpTls.None,
        From = MailboxAddress.Parse("Pharos <pharos@test.example>"),
        To = [MailboxAddress.Parse("ops@test.example"), MailboxAddress.Parse("oncall@test.example")],
        Concurrency = concurrency,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    }, Context());

    private static MimeMessage Parse(System.Text.Json.JsonElement accepted) =>
        MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(accepted.GetProperty("raw").GetString()!)));

    [SkippableFact]
    public async Task Delivers_text_and_html_to_the_operators_with_a_message_id_from_the_key()
    {
        await using var sink = await SmtpSink.StartAsync(raw: true);
        using var channel = Channel(sink);
        var notice = Notice(title: "Checkout <script>alert(1)</script> down", text: "Error: \"refused\" & <b>more</b>\nsecond line");

        var result = await channel.SendAsync(Message(notice, key: "n7:ops:mail", ack: new Uri("http://status.test.example/notifications/ack/7?sig=a&b")), default);

        result.ShouldBeOfType<DeliveryResult.Delivered>();
        await sink.UntilAsync(1, TimeSpan.FromSeconds(10));
        var accepted = sink.Messages.ShouldHaveSingleItem();
        accepted.GetProperty("to").EnumerateArray().Select(a => a.GetString()).ShouldBe(["ops@test.example", "oncall@test.example"]);
        accepted.GetProperty("message_id").GetString().ShouldBe("<n7=3Aops=3Amail@status.test.example>");
        var mime = Parse(accepted);
        mime.Subject.ShouldBe("Checkout <script>alert(1)</script> down");
        mime.Headers["Auto-Submitted"].ShouldBe("auto-generated");
        mime.Body!.ContentType.MimeType.ShouldBe("multipart/alternative");
        mime.TextBody!.ShouldContain("Error: \"refused\" & <b>more</b>");
        mime.TextBody!.ShouldContain("2026-11-26 08:45 PST (16:45 UTC)");
        mime.TextBody!.ShouldContain("Acknowledge this alert: http://status.test.example/notifications/ack/7?sig=a&b");
        mime.HtmlBody!.ShouldContain("Checkout &lt;script&gt;alert(1)&lt;/script&gt; down");
        mime.HtmlBody!.ShouldNotContain("<script>");
        mime.HtmlBody!.ShouldContain("Error: &quot;refused&quot; &amp; &lt;b&gt;more&lt;/b&gt;<br>second line");
        mime.HtmlBody!.ShouldContain("href=\"http://status.test.example/notifications/ack/7?sig=a&amp;b\"");
        mime.HtmlBody!.ShouldContain("href=\"http://status.test.example/admin/checks/web\"");
        mime.Headers.Contains("List-Unsubscribe").ShouldBeFalse();
    }

    [SkippableFact]
    public async Task A_subscriber_gets_it_alone_with_one_click_unsubscribe_headers()
    {
        await using var sink = await SmtpSink.StartAsync(raw: true);
        using var channel = Channel(sink);
        var recipient = new Recipient("sub1", "customer@shop.example", new Uri("http://status.test.example/subscriptions/sub1/unsubscribe?sig=xyz"));

        (await channel.SendAsync(Message(recipient: recipient), default)).ShouldBeOfType<DeliveryResult.Delivered>();
        await sink.UntilAsync(1, TimeSpan.FromSeconds(10));

        var accepted = sink.Messages.ShouldHaveSingleItem();
        accepted.GetProperty("to").EnumerateArray().Select(a => a.GetString()).ShouldBe(["customer@shop.example"]);
        var mime = Parse(accepted);
        mime.Headers["List-Unsubscribe"].ShouldBe("<http://status.test.example/subscriptions/sub1/unsubscribe?sig=xyz>");
        mime.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        mime.TextBody!.ShouldContain("Unsubscribe: http://status.test.example/subscriptions/sub1/unsubscribe?sig=xyz");
        mime.HtmlBody!.ShouldContain("href=\"http://status.test.example/subscriptions/sub1/unsubscribe?sig=xyz\"");
    }

    [SkippableFact]
    public async Task A_grouped_message_carries_every_notice()
    {
        await using var sink = await SmtpSink.StartAsync(raw: true);
        using var channel = Channel(sink);
        var a = Notice(title: "web down");
        var b = Notice(kind: "check.up", severity: Severity.Info, title: "web up");

        (await channel.SendAsync(Message(a, grouped: [a, b]), default)).ShouldBeOfType<DeliveryResult.Delivered>();
        await sink.UntilAsync(1, TimeSpan.FromSeconds(10));

        var mime = Parse(sink.Messages.ShouldHaveSingleItem());
        mime.Subject.ShouldBe("2 notifications: web down");
        mime.TextBody!.ShouldContain("web down");
        mime.TextBody!.ShouldContain("web up");
        mime.HtmlBody!.ShouldContain("<h2 style=\"font-size:18px\">web up</h2>");
    }

    [SkippableFact]
    public async Task A_451_at_data_is_transient()
    {
        await using var sink = await SmtpSink.StartAsync(failFirst: 1, code: "451 4.7.1 Greylisted, try again later");
        using var channel = Channel(sink);

        var result = (await channel.SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>();
        result.Error.ShouldStartWith("SMTP 451");

        // The same pooled connection carries the retry.
        (await channel.SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Delivered>();
    }

    [SkippableFact]
    public async Task A_550_at_rcpt_is_permanent()
    {
        await using var sink = await SmtpSink.StartAsync(failFirst: 100, code: "550 5.1.1 No such user", stage: "rcpt");
        using var channel = Channel(sink);

        (await channel.SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error.ShouldStartWith("SMTP 550");
        sink.Messages.ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task No_server_is_transient()
    {
        SmtpSink.Require();
        using var channel = new EmailChannel(new EmailConfig
        {
            Id = "mail",
            Host = "127.0.0.1",
            Port = 1,
            Tls = SmtpTls.None,
            From = MailboxAddress.Parse("pharos@test.example"),
            To = [MailboxAddress.Parse("ops@test.example")],
        }, Context());

        (await channel.SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Transient>().Error.ShouldContain("127.0.0.1:1");
    }

    [SkippableFact]
    public async Task Connections_are_pooled_and_reused_across_messages()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var channel = Channel(sink, concurrency: 4);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => channel.SendAsync(Message(key: $"k{i}"), default)));

        results.ShouldAllBe(r => r is DeliveryResult.Delivered);
        await sink.UntilAsync(200, TimeSpan.FromSeconds(20));
        sink.MessageIds.Distinct().Count().ShouldBe(200);
        // At most one connection per slot of concurrency, however many messages.
        sink.Messages.Select(m => m.GetProperty("peer").GetString()).Distinct().Count().ShouldBeLessThanOrEqualTo(4);
    }

    [SkippableFact]
    public async Task A_pooled_connection_the_server_dropped_is_replaced_without_failing_the_message()
    {
        var sink = await SmtpSink.StartAsync();
        using var channel = Channel(sink, concurrency: 1);
        (await channel.SendAsync(Message(key: "first"), default)).ShouldBeOfType<DeliveryResult.Delivered>();
        var port = sink.Port;
        await sink.DisposeAsync();
        await using var restarted = await SmtpSink.StartAsync(port: port);

        (await channel.SendAsync(Message(key: "second"), default)).ShouldBeOfType<DeliveryResult.Delivered>();
        await restarted.UntilAsync(1, TimeSpan.FromSeconds(10));

        restarted.MessageIds.ShouldBe(["<second@status.test.example>"]);
    }

    [Fact]
    public void Message_ids_keep_distinct_keys_distinct()
    {
        EmailRenderer.MessageId("a:b", "status.test.example").ShouldBe("a=3Ab@status.test.example");
        EmailRenderer.MessageId("a-3Ab", "status.test.example").ShouldBe("a-3Ab@status.test.example");
        EmailRenderer.MessageId("a=3Ab", "status.test.example").ShouldBe("a=3D3Ab@status.test.example");
        EmailRenderer.MessageId("k <x>", "").ShouldBe("k=20=3Cx=3E@pharos.local");
    }
}
