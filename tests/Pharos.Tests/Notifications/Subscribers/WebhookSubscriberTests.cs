using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Subscribers;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>Webhook subscribers: the verification call, the SSRF guard, Statuspage's payload and the answers that retry.</summary>
public sealed class SqliteWebhookSubscriberTests() : WebhookSubscriberTests(SqlDialect.Sqlite);

public sealed class PostgresWebhookSubscriberTests() : WebhookSubscriberTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class WebhookSubscriberTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_webhook_that_refuses_the_verification_call_is_not_subscribed()
    {
        await using var receiver = await LoopbackServer.StartAsync(ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; });
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("webhook", receiver.Url("/hook").AbsoluteUri);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-error-for=\"webhook_url\"");
        html.ShouldContain("HTTP 404");
        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).Live.ShouldBe(0);
    }

    [SkippableFact]
    public async Task A_verified_webhook_receives_updates_in_statuspage_shape_with_an_idempotency_key()
    {
        var bodies = new ConcurrentQueue<(string? Key, JsonElement Body)>();
        await using var receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            bodies.Enqueue((ctx.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? k : null, doc.RootElement.Clone()));
            ctx.Response.StatusCode = 204;
        });
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("webhook", receiver.Url("/hook").AbsoluteUri, ["app"]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        bodies.Count.ShouldBe(1);
        bodies.First().Body.GetProperty("meta").GetProperty("type").GetString().ShouldBe("verification");

        var incident = await app.OpenIncidentAsync("Checkout down", "app");
        await Eventually.TrueAsync(() => bodies.Count == 2, Within, "the incident webhook");
        var (key, body) = bodies.Last();
        key.ShouldNotBeNull().ShouldContain(":sub:");
        body.GetProperty("meta").GetProperty("unsubscribe").GetString()!.ShouldContain("/unsubscribe/");
        body.GetProperty("page").GetProperty("id").GetString().ShouldBe("testpage0001");
        var i = body.GetProperty("incident");
        i.GetProperty("id").GetString().ShouldBe(incident.Id);
        i.GetProperty("name").GetString().ShouldBe("Checkout down");
        i.GetProperty("status").GetString().ShouldBe("investigating");
        i.GetProperty("incident_updates")[0].GetProperty("body").GetString().ShouldBe("Checkout down: investigating");
        i.GetProperty("components")[0].GetProperty("id").GetString().ShouldBe("app");
        mail.Sent.ShouldBeEmpty("webhooks need no confirmation email");
    }

    [SkippableFact]
    public async Task Private_webhook_targets_are_refused_unless_allowed()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail, SubscriberTests.Yaml.Replace("allow_private_webhooks: true", "allow_private_webhooks: false", StringComparison.Ordinal));
        using var visitor = new Visitor(app);

        foreach (var url in new[] { receiver.Url("/hook").AbsoluteUri, "http://169.254.169.254/latest/meta-data", "http://[::1]:1/x", "ftp://files.example/x", "http://10.1.2.3/x" })
        {
            var response = await visitor.SubscribeAsync("webhook", url);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            (await response.Content.ReadAsStringAsync()).ShouldContain("data-error-for=\"webhook_url\"", customMessage: url);
        }

        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).Live.ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData("8.8.8.8", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("172.32.1.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2606:4700::1111", true)]
    public void Public_addresses_are_told_from_private_ones(string address, bool isPublic) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);

    [SkippableFact]
    public async Task The_channel_retries_429_and_5xx_honouring_retry_after_and_fails_other_4xx()
    {
        var status = 429;
        await using var receiver = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = status;
            if (status == 429)
            {
                ctx.Response.Headers.RetryAfter = "120";
            }

            return Task.CompletedTask;
        });
        var config = new SubscribersConfig { Enabled = true, AllowPrivateWebhooks = true };
        using var targets = new WebhookTargets(config);
        var site = Pharos.Hosting.ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        var channel = new SubscriberWebhookChannel(targets, site, config, TimeProvider.System);
        var message = new OutboundMessage
        {
            Id = 1,
            IdempotencyKey = "7:sub:abc",
            Notice = new Pharos.Notifications.Notice { Kind = "incident.update_posted", SubjectType = "incident", SubjectId = "i1", Title = "t", Text = "x", At = DateTimeOffset.UtcNow },
            Recipient = new Recipient("abc", receiver.Url("/hook").AbsoluteUri, new Uri("http://status.test.example/unsubscribe/abc?sig=x")),
        };

        (await channel.SendAsync(message, CancellationToken.None)).ShouldBeOfType<DeliveryResult.Transient>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
        status = 503;
        (await channel.SendAsync(message, CancellationToken.None)).ShouldBeOfType<DeliveryResult.Transient>();
        status = 410;
        (await channel.SendAsync(message, CancellationToken.None)).ShouldBeOfType<DeliveryResult.Permanent>();
        status = 200;
        (await channel.SendAsync(message, CancellationToken.None)).ShouldBeOfType<DeliveryResult.Delivered>();
    }
}
