using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Pharos.Notifications;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Subscribers;
using Pharos.SystemTests.Support;
using Pharos.Tests.Notifications.Channels;
using Pharos.Tests.Notifications.Subscribers;

namespace Pharos.SystemTests.Notifications;

/// <summary>
/// Status subscribers as a person meets them: in headless Chromium and a real SMTP server (aiosmtpd), through the real
/// email channel. Subscribe on the page, confirm by the emailed link, receive an incident update, leave by the
/// one-click header; a merchant subscribed to one hostname hears about that hostname only.
/// </summary>
public sealed partial class SubscriberBrowserTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Subscribe_confirm_by_the_emailed_link_receive_an_update_and_leave_by_the_one_click_header()
    {
        await using var smtp = await SmtpSink.StartAsync(raw: true);
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(Yaml(smtp.Port));
        var (page, errors) = await browser.NewPageAsync();

        await SubscribeInPageAsync(page, app, "ann@shop.example", component: "app");
        await smtp.UntilAsync(1, Within);
        var confirmation = Message(smtp, 0);
        confirmation.To.Mailboxes.Single().Address.ShouldBe("ann@shop.example");
        await ConfirmInPageAsync(page, app, confirmation);

        var incident = await app.OpenIncidentAsync("Checkout is down", "app");
        await smtp.UntilAsync(2, Within);
        var update = Message(smtp, 1);
        update.Subject.ShouldNotBeNull().ShouldContain("Checkout is down");
        update.TextBody.ShouldNotBeNull().ShouldContain("Checkout is down: investigating");
        var unsubscribe = Regex.Match(update.Headers["List-Unsubscribe"] ?? "", "^<(.+)>$").Groups[1].Value;
        update.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");

        // What a mail client does with those two headers (RFC 8058): a POST without cookies, straight to the link.
        using var mailClient = new HttpClient { BaseAddress = app.Address };
        var left = await mailClient.PostAsync(new Uri(unsubscribe).PathAndQuery, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        left.StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.OpenIncidentAsync("Search is slow", "app");
        await RoutedAsync(app);
        var subscriber = new Uri(unsubscribe).Segments[^1];
        var rows = await app.Services.GetRequiredService<Pharos.Notifications.Outbox.IOutboxStore>().ListAsync(null, 100, CancellationToken.None);
        rows.Count(e => e.Recipient == subscriber).ShouldBe(2, "the confirmation and the first update; nothing for the incident after leaving");
        smtp.Messages.Count.ShouldBe(2);
        incident.Id.ShouldNotBeEmpty();
        await page.ScreenshotAsync(new() { Path = TestOutput.File("subscribe-confirmed.png"), FullPage = true });
        errors.ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task A_merchant_subscribed_in_the_page_to_one_hostname_hears_about_that_hostname_only()
    {
        await using var smtp = await SmtpSink.StartAsync(raw: true);
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(Yaml(smtp.Port),
            configure: s => s.AddSingleton<ISubscriberHostnames>(new FixedSubscriberHostnames(["a.shops.example", "b.shops.example"])));
        var (page, errors) = await browser.NewPageAsync();

        await SubscribeInPageAsync(page, app, "merchant@a.shops.example", hostname: "a.shops.example");
        await smtp.UntilAsync(1, Within);
        await ConfirmInPageAsync(page, app, Message(smtp, 0));

        await app.RaiseCheckAsync(EventKinds.CheckDown, "storefront@b.shops.example", "b.shops.example");
        await app.OpenIncidentAsync("Checkout is down", "app");
        await app.RaiseCheckAsync(EventKinds.CheckDown, "storefront@a.shops.example", "a.shops.example");
        await smtp.UntilAsync(2, Within);
        await RoutedAsync(app);

        var messages = smtp.Messages.Select((_, i) => Message(smtp, i)).Skip(1).ToList();
        messages.Count.ShouldBe(1, "only the check of a.shops.example");
        messages[0].Headers["X-Pharos-Event"].ShouldBe(EventKinds.CheckDown);
        messages[0].TextBody.ShouldNotBeNull().ShouldContain("a.shops.example");
        messages[0].TextBody!.ShouldNotContain("b.shops.example");
        errors.ShouldBeEmpty();
    }

    private static string Yaml(int smtpPort) => TestConfigs.Basic + $"""

        notifications:
          channels:
            - id: mail
              type: email
              host: 127.0.0.1
              port: {smtpPort}
              tls: none
              from: status@test.example
          subscribers:
            email_channel: mail
            allow_private_webhooks: true
        """;

    private static async Task SubscribeInPageAsync(IPage page, TestApp app, string email, string? component = null, string? hostname = null)
    {
        await page.GotoAsync(app.Address.ToString());
        await page.ClickAsync("#subscribe-link");
        await page.FillAsync("#email", email);
        if (component is not null)
        {
            await page.CheckAsync($"input[name=component][value={component}]");
        }

        if (hostname is not null)
        {
            await page.SelectOptionAsync("#hostname", hostname);
        }

        await page.ScreenshotAsync(new() { Path = TestOutput.File(hostname is null ? "subscribe-form.png" : "subscribe-form-hostname.png"), FullPage = true });
        await page.ClickAsync("#subscribe-submit");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Check your email");
    }

    /// <summary>Follows the link in the confirmation email (on this test's server) and presses the button.</summary>
    private static async Task ConfirmInPageAsync(IPage page, TestApp app, MimeMessage confirmation)
    {
        var link = ConfirmLink().Match(confirmation.TextBody ?? "").Value;
        link.ShouldNotBeEmpty(confirmation.TextBody);
        await page.GotoAsync(new Uri(app.Address, new Uri(link).PathAndQuery).ToString());
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Confirm your subscription");
        await page.ClickAsync("#confirm-button");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Subscription confirmed");
    }

    private static MimeMessage Message(SmtpSink smtp, int index)
    {
        var raw = smtp.Messages.ElementAt(index).GetProperty("raw").GetString()!;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw));
        return MimeMessage.Load(stream);
    }

    /// <summary>Waits until the router has routed every event and the relay has nothing due.</summary>
    private static async Task RoutedAsync(TestApp app)
    {
        var router = app.Services.GetRequiredService<EventRouter>();
        var outbox = app.Services.GetRequiredService<Pharos.Notifications.Outbox.IOutboxStore>();
        await Eventually.TrueAsync(async () =>
            !await router.RouteOnceAsync(CancellationToken.None) && (await outbox.StatsAsync(CancellationToken.None)).Pending == 0, Within, "the router and the relay idle");
    }

    [GeneratedRegex(@"https?://\S+/subscribe/confirm/[^\s""<>]+")]
    private static partial Regex ConfirmLink();
}
