using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pharos.Accounts;
using Pharos.Demo;
using Pharos.Tests.Support;

namespace Pharos.Tests.Demo;

/// <summary>The demo's mail and webhook sink speaks its protocols, within its bounds, and the admin shows what it got.</summary>
public sealed class DemoSinkTests : IAsyncLifetime
{
    private DemoSink _sink = null!;

    public async Task InitializeAsync() => _sink = await DemoSink.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task A_mail_is_received_dot_unstuffed_with_its_subject_decoded_and_its_message_id()
    {
        await using var s = await SmtpDialogue.OpenAsync(_sink);
        (await s.SendAsync("EHLO tester")).ShouldContain("250 SMTPUTF8");
        (await s.SendAsync("MAIL FROM:<status@pharos.demo> SIZE=300")).ShouldStartWith("250");
        (await s.SendAsync("RCPT TO:<oncall@pharos.demo>")).ShouldStartWith("250");
        (await s.SendAsync("RCPT TO:<second@pharos.demo>")).ShouldStartWith("250");
        (await s.SendAsync("DATA")).ShouldStartWith("354");
        var reply = await s.SendAsync(string.Join("\r\n",
            "Subject: =?utf-8?B?RG93bjogU2hvcCDinIU=?=",
            "Message-ID: <key-1@pharos>",
            "X-Pharos-Event: check.down",
            "",
            "first line",
            "..a line that began with a dot",
            "."));
        reply.ShouldStartWith("250 2.0.0 OK queued as 1");
        (await s.SendAsync("QUIT")).ShouldStartWith("221");

        var m = _sink.Inbox.All().ShouldHaveSingleItem();
        (m.Via, m.From, m.Subject, m.Key).ShouldBe(("email", "status@pharos.demo", "Down: Shop ✅", "<key-1@pharos>"));
        m.To.ShouldBe(["oncall@pharos.demo", "second@pharos.demo"]);
        m.Headers["x-pharos-event"].ShouldBe("check.down");
        m.Body.ShouldBe("first line\r\n.a line that began with a dot\r\n");
    }

    [Fact]
    public async Task Commands_out_of_order_are_refused_and_rset_forgets_the_transaction()
    {
        await using var s = await SmtpDialogue.OpenAsync(_sink);
        (await s.SendAsync("MAIL FROM:<a@b.test>")).ShouldStartWith("503", Case.Sensitive, "EHLO comes first");
        (await s.SendAsync("HELO tester")).ShouldStartWith("250");
        (await s.SendAsync("DATA")).ShouldStartWith("503");
        (await s.SendAsync("MAIL FROM:<a@b.test>")).ShouldStartWith("250");
        (await s.SendAsync("RCPT TO:<c@d.test>")).ShouldStartWith("250");
        (await s.SendAsync("RSET")).ShouldStartWith("250");
        (await s.SendAsync("DATA")).ShouldStartWith("503", Case.Sensitive, "RSET dropped the sender and recipients");
        (await s.SendAsync("NOOP")).ShouldStartWith("250");
        (await s.SendAsync("EXPN staff")).ShouldStartWith("502");
        (await s.SendAsync("MAIL FROM:<a@b.test> SIZE=99999999")).ShouldStartWith("552");
        _sink.Inbox.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Over_long_lines_and_over_large_messages_are_refused_and_the_session_goes_on()
    {
        await using var s = await SmtpDialogue.OpenAsync(_sink);
        await s.SendAsync("EHLO tester");
        (await s.SendAsync("NOOP " + new string('x', 5000))).ShouldStartWith("500");
        (await s.SendAsync("NOOP")).ShouldStartWith("250", Case.Sensitive, "still in step after the long line");

        await s.SendAsync("MAIL FROM:<a@b.test>");
        await s.SendAsync("RCPT TO:<c@d.test>");
        await s.SendAsync("DATA");
        var big = string.Join("\r\n", Enumerable.Repeat(new string('y', 900), DemoSmtpSink.MaxMessage / 900 + 10));
        (await s.SendAsync("Subject: big\r\n\r\n" + big + "\r\n.")).ShouldStartWith("552");

        await s.SendAsync("MAIL FROM:<a@b.test>");
        await s.SendAsync("RCPT TO:<c@d.test>");
        await s.SendAsync("DATA");
        (await s.SendAsync("Subject: wide\r\n\r\n" + new string('z', 3000) + "\r\n.")).ShouldStartWith("500");
        _sink.Inbox.Count.ShouldBe(0, "nothing refused is kept");
    }

    [Fact]
    public async Task Many_clients_at_once_each_deliver_their_message()
    {
        await Task.WhenAll(Enumerable.Range(1, 40).Select(async i =>
        {
            await using var s = await SmtpDialogue.OpenAsync(_sink);
            await s.SendAsync("EHLO c" + i);
            await s.SendAsync($"MAIL FROM:<c{i}@b.test>");
            await s.SendAsync("RCPT TO:<oncall@d.test>");
            await s.SendAsync("DATA");
            (await s.SendAsync($"Subject: message {i}\r\n\r\nbody {i}\r\n.")).ShouldStartWith("250");
            await s.SendAsync("QUIT");
        }));
        _sink.Inbox.All().Select(m => m.Subject).Order().ShouldBe(Enumerable.Range(1, 40).Select(i => $"message {i}").Order());
    }

    [Fact]
    public async Task A_real_smtp_client_delivers_to_it()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "needs /usr/bin/python3");
        var script = $"""
            import smtplib
            from email.message import EmailMessage
            m = EmailMessage()
            m["Subject"] = "Failed over: shop"
            m["From"] = "status@pharos.demo"
            m["To"] = "oncall@pharos.demo"
            m["Message-ID"] = "<abc@pharos>"
            m.set_content(".starts with a dot\nsecond line")
            with smtplib.SMTP("127.0.0.1", {_sink.Smtp.Endpoint.Port}, timeout=10) as s:
                s.send_message(m)
            """;
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardError = true })!;
        await python.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        python.ExitCode.ShouldBe(0, await python.StandardError.ReadToEndAsync());
        var m = _sink.Inbox.All().ShouldHaveSingleItem();
        (m.Subject, m.Key).ShouldBe(("Failed over: shop", "<abc@pharos>"));
        m.Body.ShouldStartWith(".starts with a dot");
    }

    [Fact]
    public async Task A_webhook_is_received_with_its_idempotency_key_and_title()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_sink.Webhook.Address, "hooks/operators"))
        {
            Content = new StringContent("""{"event":"failover.failed_over","notice":{"title":"Failed over: shop"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "42:demo-operators:demo-webhook");
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var m = _sink.Inbox.All().ShouldHaveSingleItem();
        (m.Via, m.Subject, m.Key, m.To.Single()).ShouldBe(("webhook", "Failed over: shop", "42:demo-operators:demo-webhook", "/hooks/operators"));

        // Kestrel refuses by Content-Length and closes; without 100-continue the client may still be writing the body
        // then and see a broken pipe instead of the 413, as CI once did.
        using var tooBigRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(_sink.Webhook.Address, "hooks/x"))
        {
            Content = new StringContent(new string('a', DemoWebhookSink.MaxBody + 10)),
        };
        tooBigRequest.Headers.ExpectContinue = true;
        var tooBig = await http.SendAsync(tooBigRequest);
        tooBig.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        _sink.Inbox.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_demo_inbox_is_for_admins_only_and_shows_what_arrived_encoded()
    {
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        var sink = app.Services.GetRequiredService<DemoSink>();
        await using (var s = await SmtpDialogue.OpenAsync(sink))
        {
            await s.SendAsync("EHLO tester");
            await s.SendAsync("MAIL FROM:<status@pharos.demo>");
            await s.SendAsync("RCPT TO:<oncall@pharos.demo>");
            await s.SendAsync("DATA");
            (await s.SendAsync("Subject: <script>alert(1)</script>\r\nMessage-ID: <m1@pharos>\r\n\r\nhello <b>there</b>\r\n.")).ShouldStartWith("250");
        }

        using var anonymous = new AdminBrowser(app);
        (await anonymous.GetAsync(DemoInboxEndpoints.Path)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await app.AddUserAsync("ed", UserRole.Editor);
        using var editor = new AdminBrowser(app);
        await editor.SignInAsync("ed");
        (await editor.GetAsync(DemoInboxEndpoints.Path)).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);

        await app.AddUserAsync("root", UserRole.Admin);
        using var admin = new AdminBrowser(app);
        await admin.SignInAsync("root");
        var page = await admin.GetAsync(DemoInboxEndpoints.Path);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>alert(1)");
        html.ShouldContain("&lt;m1@pharos&gt;");
        html.ShouldContain("hello &lt;b&gt;there&lt;/b&gt;");
        html.ShouldContain("href=\"/admin/demo/inbox\"", customMessage: "the admin's menu links the inbox in the demo");
    }

    /// <summary>A line-at-a-time SMTP client for checking replies exactly.</summary>
    private sealed class SmtpDialogue : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamReader _reader;
        private readonly Stream _stream;

        private SmtpDialogue(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        public static async Task<SmtpDialogue> OpenAsync(DemoSink sink)
        {
            var client = new TcpClient();
            await client.ConnectAsync(sink.Smtp.Endpoint);
            var d = new SmtpDialogue(client);
            (await d.ReadReplyAsync()).ShouldStartWith("220");
            return d;
        }

        /// <summary>Sends the text and a CRLF; returns the whole reply, continuation lines included.</summary>
        public async Task<string> SendAsync(string text)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"));
            return await ReadReplyAsync();
        }

        private async Task<string> ReadReplyAsync()
        {
            var reply = new StringBuilder();
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? throw new IOException("closed");
                reply.Append(line).Append('\n');
                if (line.Length < 4 || line[3] != '-')
                {
                    return reply.ToString().TrimEnd();
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
