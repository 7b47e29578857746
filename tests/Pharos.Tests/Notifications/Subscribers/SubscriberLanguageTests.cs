using System.Net;
using System.Text.Json;
using MimeKit;
using Pharos.Notifications;
using Pharos.Notifications.Subscribers;
using Pharos.Tests.Notifications.Channels;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>A subscriber reads the language of the page they subscribed on: the confirmation, its page and every update.</summary>
public sealed class SubscriberLanguageTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private static string Yaml(int smtpPort) => TestConfigs.Basic + $$"""

        notifications:
          channels:
            - { id: mail, type: email, host: 127.0.0.1, port: {{smtpPort}}, tls: none, from: "Pharos <pharos@test.example>", to: [ops@test.example] }
          subscribers:
            email_channel: mail
            rate_limit:
              per_address: 100
              window: 1h
        """;

    private static MimeMessage Parse(JsonElement accepted) =>
        MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(accepted.GetProperty("raw").GetString()!)));

    private static MimeMessage[] To(SmtpSink sink, string address) => sink.Messages
        .Where(m => m.GetProperty("to").EnumerateArray().Any(a => a.GetString() == address)).Select(Parse).ToArray();

    [SkippableFact]
    public async Task A_German_subscriber_gets_the_confirmation_its_page_and_updates_in_German_through_real_SMTP()
    {
        await using var sink = await SmtpSink.StartAsync(raw: true);
        await using var app = await TestApp.StartAsync(Yaml(sink.Port));
        using var visitor = new Visitor(app, "/de");

        var response = await visitor.SubscribeAsync("email", "anna@shop.example");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.Content.ReadAsStringAsync();
        answer.ShouldContain("<html lang=\"de\">");
        answer.ShouldContain("Bitte prüfen Sie Ihre E-Mails");

        await Eventually.TrueAsync(() => To(sink, "anna@shop.example").Length == 1, Within, "the confirmation email");
        var mail = To(sink, "anna@shop.example")[0];
        mail.Subject.ShouldBe("Bestätigen Sie Ihr Abonnement der Statusseite von Test Shop");
        mail.TextBody!.ShouldContain("Jemand, hoffentlich Sie, möchte E-Mails über alle Störungen und Wartungen auf der Statusseite von Test Shop erhalten.");
        mail.TextBody!.ShouldContain("Zeitpunkt: ");
        mail.TextBody!.ShouldContain("Abbestellen: http://status.test.example/de/unsubscribe/");
        mail.TextBody!.ShouldNotContain("Someone, hopefully you");
        mail.HtmlBody!.ShouldContain("<html lang=\"de\">");
        mail.HtmlBody!.ShouldContain("Sie erhalten diese Nachricht, weil Sie Meldungen von Test Shop abonniert haben.");
        mail.Headers["List-Unsubscribe"].ShouldStartWith("<http://status.test.example/de/unsubscribe/");

        var id = mail.Headers["List-Unsubscribe"]!.Split("/unsubscribe/")[1].Split('?')[0];
        (await app.Services.GetRequiredService<SqliteSubscriberStore>().GetAsync(id, CancellationToken.None))!.Language.ShouldBe("de");

        var confirm = mail.TextBody!.Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("/subscribe/confirm/", StringComparison.Ordinal)).Trim();
        var confirmPath = new Uri(confirm).PathAndQuery;
        confirmPath.ShouldStartWith("/de/subscribe/confirm/");
        var page = await visitor.Client.GetStringAsync(confirmPath);
        page.ShouldContain("<html lang=\"de\">");
        page.ShouldContain("Abonnement bestätigen");
        page.ShouldContain("action=\"/de/subscribe/confirm/");
        (await (await visitor.Client.PostAsync(confirmPath, null)).Content.ReadAsStringAsync()).ShouldContain("Abonnement bestätigt");

        await app.OpenIncidentAsync("Checkout is down", "app");
        await Eventually.TrueAsync(() => To(sink, "anna@shop.example").Length == 2, Within, "the incident update");
        var update = To(sink, "anna@shop.example").Single(m => m.Headers["X-Pharos-Event"] == "incident.update_posted");
        update.Subject.ShouldBe("Wird untersucht: Checkout is down");
        update.TextBody!.ShouldContain("Öffnen: http://status.test.example/incidents/");
        update.TextBody!.ShouldContain("Sie erhalten diese Nachricht, weil Sie Meldungen von Test Shop abonniert haben.");
    }

    [SkippableFact]
    public async Task A_reader_whose_browser_asks_for_French_subscribes_in_French_and_one_who_asks_for_nothing_in_the_site_s_language()
    {
        await using var sink = await SmtpSink.StartAsync(raw: true);
        await using var app = await TestApp.StartAsync(Yaml(sink.Port));
        using (var french = new Visitor(app))
        {
            french.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-CA, en;q=0.5");
            (await french.SubscribeAsync("email", "luc@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var plain = new Visitor(app))
        {
            (await plain.SubscribeAsync("email", "sam@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await Eventually.TrueAsync(() => To(sink, "luc@shop.example").Length == 1 && To(sink, "sam@shop.example").Length == 1, Within, "both confirmations");
        To(sink, "luc@shop.example")[0].Subject.ShouldBe("Confirmez votre abonnement à la page d’état de Test Shop");
        To(sink, "luc@shop.example")[0].Headers["List-Unsubscribe"].ShouldStartWith("<http://status.test.example/fr/unsubscribe/");
        To(sink, "sam@shop.example")[0].Subject.ShouldBe("Confirm your subscription to Test Shop status");
        To(sink, "sam@shop.example")[0].Headers["List-Unsubscribe"].ShouldStartWith("<http://status.test.example/unsubscribe/");
    }

    [Fact]
    public void The_subscriber_webhook_carries_added_later_and_edited_at_of_the_update()
    {
        var edited = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var notice = new Notice
        {
            Kind = "incident.update_posted",
            SubjectType = "incident",
            SubjectId = "inc1",
            Title = "Resolved: Data loss",
            Text = "UPDATE: data was in fact lost",
            At = edited.AddDays(-1),
            Data = new Dictionary<string, string>
            {
                [NoticeData.Name] = "Data loss", [NoticeData.Status] = "resolved", [NoticeData.AddedLater] = "true",
                [NoticeData.EditedAt] = edited.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var site = ChannelTestKit.Site;
        var json = JsonDocument.Parse(SubscriberWebhookPayload.Build(notice, new Uri("http://status.test.example/unsubscribe/x?sig=y"), site, edited)).RootElement;
        var update = json.GetProperty("incident").GetProperty("incident_updates")[0];
        update.GetProperty("added_later").GetBoolean().ShouldBeTrue();
        update.GetProperty("edited_at").GetString().ShouldBe("2026-05-01T12:00:00.000Z");

        var plain = notice with { Data = new Dictionary<string, string> { [NoticeData.Name] = "Data loss", [NoticeData.Status] = "resolved" } };
        var plainUpdate = JsonDocument.Parse(SubscriberWebhookPayload.Build(plain, new Uri("http://status.test.example/unsubscribe/x?sig=y"), site, edited)).RootElement
            .GetProperty("incident").GetProperty("incident_updates")[0];
        plainUpdate.GetProperty("added_later").GetBoolean().ShouldBeFalse();
        plainUpdate.GetProperty("edited_at").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
