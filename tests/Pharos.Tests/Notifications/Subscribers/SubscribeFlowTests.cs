using System.Net;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Subscribers;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>The public form end to end: subscribe, confirm by the emailed link, receive updates, leave by one click.</summary>
public sealed class SqliteSubscribeFlowTests() : SubscribeFlowTests(SqlDialect.Sqlite);

public sealed class PostgresSubscribeFlowTests() : SubscribeFlowTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class SubscribeFlowTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_confirmed_email_subscriber_receives_an_incident_update_with_a_signed_unsubscribe_link()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("email", "ann@shop.example");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Check your email");
        await Eventually.TrueAsync(() => mail.To("ann@shop.example").Count == 1, Within, "the confirmation message");
        var confirmation = mail.To("ann@shop.example")[0];
        confirmation.Notice.Kind.ShouldBe(SubscriptionService.ConfirmationKind);
        confirmation.Notice.Text.ShouldContain(confirmation.Notice.Url!);

        // Nothing reaches an unconfirmed subscriber.
        var early = await app.OpenIncidentAsync("Before confirming", "app");
        var confirmUrl = SubscriberTests.Local(new Uri(confirmation.Notice.Url!));
        (await visitor.Client.GetStringAsync(confirmUrl)).ShouldContain("Confirm subscription");
        (await app.Services.GetRequiredService<SqliteSubscriberStore>().GetAsync(confirmation.Recipient!.SubscriberId, CancellationToken.None))!.State
            .ShouldBe(SubscriberStates.Unconfirmed, "a GET (a mail scanner) must not confirm");
        (await visitor.Client.PostAsync(confirmUrl, null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var incident = await app.OpenIncidentAsync("Checkout is down", "app");
        await Eventually.TrueAsync(() => mail.To("ann@shop.example").Any(m => m.Notice.SubjectId == incident.Id), Within, "the incident update");
        var update = mail.To("ann@shop.example").Single(m => m.Notice.SubjectId == incident.Id);
        update.Notice.Kind.ShouldBe("incident.update_posted");
        update.IdempotencyKey.ShouldEndWith($":sub:{update.Recipient!.SubscriberId}");
        update.Recipient.UnsubscribeUrl.AbsolutePath.ShouldBe($"/unsubscribe/{update.Recipient.SubscriberId}");
        update.Recipient.UnsubscribeUrl.Query.ShouldStartWith("?sig=");
        mail.Sent.ShouldNotContain(m => m.Notice.SubjectId == early.Id);
    }

    [SkippableFact]
    public async Task One_click_unsubscribe_stops_delivery_and_cancels_what_was_queued()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        var id = await app.SubscribeConfirmedAsync(mail, "bob@shop.example");

        // The first update is held in the channel; the second waits behind it in the subscriber's queue.
        mail.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var incident = await app.OpenIncidentAsync("Payments slow", "app");
        await Eventually.TrueAsync(() => mail.Started >= 2, Within, "the first update in flight");
        await app.PostUpdateAsync(incident.Id, "We found the cause");
        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        await Eventually.TrueAsync(async () => (await outbox.ListAsync(OutboxStatus.Pending, 100, CancellationToken.None)).Count(e => e.Recipient == id) == 2, Within, "the second update queued");

        var unsubscribe = app.Services.GetRequiredService<SubscriberLinks>().Unsubscribe(id);
        using var oneClick = new HttpClient { BaseAddress = app.Address };
        var answer = await oneClick.PostAsync(SubscriberTests.Local(unsubscribe), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        mail.Gate.SetResult();

        await Eventually.TrueAsync(async () => (await outbox.ListAsync(OutboxStatus.Cancelled, 100, CancellationToken.None)).Any(e => e.Recipient == id), Within, "the queued update cancelled");
        await app.OpenIncidentAsync("After leaving", "app");
        await app.Services.GetRequiredService<Pharos.Notifications.Routing.EventRouter>().RouteOnceAsync(CancellationToken.None);
        (await outbox.ListAsync(null, 1000, CancellationToken.None)).Count(e => e.Recipient == id).ShouldBe(3, "confirmation, the held update, the cancelled one; nothing for the incident after leaving");
        mail.To("bob@shop.example").Count(m => m.Notice.Kind == "incident.update_posted").ShouldBe(1);
    }

    [SkippableFact]
    public async Task A_forged_or_missing_signature_neither_confirms_nor_unsubscribes()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        var id = await app.SubscribeConfirmedAsync(mail, "cat@shop.example");
        using var client = new HttpClient { BaseAddress = app.Address };

        (await client.PostAsync($"/unsubscribe/{id}?sig=AAAAAAAAAAAAAAAAAAAAAAAA", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync($"/unsubscribe/{id}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var confirmSig = app.Services.GetRequiredService<SubscriberLinks>().Confirm(id).Query;
        (await client.PostAsync($"/unsubscribe/{id}{confirmSig}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a confirm signature is not an unsubscribe signature");
        var page = await client.GetStringAsync(SubscriberTests.Local(app.Services.GetRequiredService<SubscriberLinks>().Unsubscribe(id)));
        page.ShouldContain("name=\"List-Unsubscribe\" value=\"One-Click\"");
        (await app.Services.GetRequiredService<SqliteSubscriberStore>().GetAsync(id, CancellationToken.None))!.State.ShouldBe(SubscriberStates.Active, "opening the link only shows the button");
    }

    [SkippableFact]
    public async Task A_form_without_its_csrf_token_is_refused_and_stores_nothing()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("email", "eve@shop.example", withToken: false);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).Live.ShouldBe(0);
        using var stranger = new HttpClient { BaseAddress = app.Address };
        var token = await visitor.TokenAsync();
        var noCookie = await stranger.PostAsync("/subscribe", new FormUrlEncodedContent([new("kind", "email"), new("email", "eve@shop.example"), new("__csrf", token)]));
        noCookie.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a token without its cookie (another site's post) is refused");
    }

    [SkippableFact]
    public async Task Too_many_forms_from_one_address_get_429_and_the_bound_on_subscriptions_holds()
    {
        var mail = new MailboxChannel();
        var yaml = SubscriberTests.Yaml.Replace("per_address: 100", "per_address: 3", StringComparison.Ordinal)
            .Replace("allow_private_webhooks: true", "allow_private_webhooks: true\n    max_subscribers: 2", StringComparison.Ordinal);
        await using var app = await SubscriberTests.StartAsync(Dialect, mail, yaml);
        using var visitor = new Visitor(app);

        (await visitor.SubscribeAsync("email", "one@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await visitor.SubscribeAsync("email", "two@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var full = await visitor.SubscribeAsync("email", "three@shop.example");
        full.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await full.Content.ReadAsStringAsync()).ShouldContain("Subscriptions are full");
        var limited = await visitor.SubscribeAsync("email", "four@shop.example");
        limited.StatusCode.ShouldBe((HttpStatusCode)429);
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).Live.ShouldBe(2);
    }

    [SkippableFact]
    public async Task The_same_address_twice_gets_the_same_answer_and_no_second_email()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        (await visitor.SubscribeAsync("email", "dan@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await visitor.SubscribeAsync("email", "DAN@shop.example");

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("Check your email");
        await Eventually.TrueAsync(() => mail.Sent.Count >= 1, Within, "the first confirmation");
        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).Unconfirmed.ShouldBe(1);
        (await app.Services.GetRequiredService<IOutboxStore>().ListAsync(null, 100, CancellationToken.None)).Count.ShouldBe(1);
    }

    [SkippableFact]
    public async Task Form_errors_name_the_field_and_are_encoded()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("email", "<script>alert(1)</script>", ["nope"]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-error-for=\"email\"");
        html.ShouldContain("data-error-for=\"components\"");
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;");
    }
}
