using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Subscribers;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>Stands in for the email channel: keeps what it is given by address, and can hold deliveries until a test lets them go.</summary>
public sealed class MailboxChannel(string id = SubscriberTests.MailChannel) : INotificationChannel
{
    public string Id { get; } = id;

    public string Type => "email";

    public int Concurrency => 4;

    public ConcurrentQueue<OutboundMessage> Sent { get; } = new();

    /// <summary>When set, every delivery waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Deliveries that reached the channel, sent or held.</summary>
    public int Started => _started;

    private int _started;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        Interlocked.Increment(ref _started);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(ct);
        }

        Sent.Enqueue(message);
        return DeliveryResult.Ok();
    }

    public IReadOnlyList<OutboundMessage> To(string address) => Sent.Where(m => m.Recipient?.Address == address).ToList();
}

/// <summary>A visitor of the public page: keeps cookies, reads the form token, posts the subscribe form.</summary>
public sealed partial class Visitor : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _prefix;

    /// <summary>A visitor of the form at <paramref name="prefix"/>/subscribe ("/de" for the German page).</summary>
    public Visitor(TestApp app, string prefix = "")
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Address };
        _prefix = prefix;
    }

    public HttpClient Client => _client;

    public async Task<string> TokenAsync()
    {
        var html = await _client.GetStringAsync(_prefix + "/subscribe");
        return CsrfField().Match(html).Groups[1].Value;
    }

    /// <summary>Posts the form; <paramref name="withToken"/> false leaves the CSRF token out.</summary>
    public async Task<HttpResponseMessage> SubscribeAsync(string kind, string address, string[]? components = null, string? hostname = null, bool withToken = true)
    {
        var fields = new List<KeyValuePair<string, string>> { new("kind", kind), new(kind == "webhook" ? "webhook_url" : "email", address) };
        if (withToken)
        {
            fields.Add(new("__csrf", await TokenAsync()));
        }

        fields.AddRange((components ?? []).Select(c => new KeyValuePair<string, string>("component", c)));
        if (hostname is not null)
        {
            fields.Add(new("hostname", hostname));
        }

        return await _client.PostAsync(_prefix + "/subscribe", new FormUrlEncodedContent(fields));
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}

/// <summary>Shared steps of the subscriber tests.</summary>
public static class SubscriberTests
{
    public const string MailChannel = "mail";

    public const string Yaml = TestConfigs.Basic + """

        notifications:
          subscribers:
            allow_private_webhooks: true
            rate_limit:
              per_address: 100
              window: 1h
        """;

    /// <summary>A Pharos with subscribers on, its email channel replaced by <paramref name="mail"/>, and the hostnames merchants may choose.</summary>
    public static Task<TestApp> StartAsync(MailboxChannel mail, string yaml = Yaml, params string[] hostnames) =>
        StartAsync(SqlDialect.Sqlite, mail, yaml, hostnames);

    /// <summary>As above, with the data in <paramref name="dialect"/>.</summary>
    public static Task<TestApp> StartAsync(SqlDialect dialect, MailboxChannel mail, string yaml = Yaml, params string[] hostnames) =>
        TestApp.StartAsync(yaml,
            configure: s =>
            {
                s.AddSingleton<INotificationChannel>(mail);
                s.AddSingleton<ISubscriberHostnames>(new FixedSubscriberHostnames(hostnames));
            },
            adjust: c => c with { Notifications = c.Notifications with { Subscribers = c.Notifications.Subscribers with { EmailChannel = MailChannel } } },
            dialect: dialect);

    /// <summary>The path and query of a link made for the public URL, to follow it on the test server.</summary>
    public static string Local(Uri link) => link.PathAndQuery;

    /// <summary>Opens an incident on <paramref name="components"/> through the one write path; the router hears of it at once.</summary>
    public static async Task<Incident> OpenIncidentAsync(this TestApp app, string name, params string[] components)
    {
        var writer = app.Store.Writer(TimeProvider.System, app.Services.GetRequiredService<EventRouter>());
        var result = await writer.CreateIncidentAsync(Actor.System("test"), "incident.create",
            (now, _) => Incident.Open(name, IncidentStatus.Investigating, components.ToDictionary(c => c, _ => ComponentStatus.MajorOutage), $"{name}: investigating", now),
            i => $"Opened {i.Name}", CancellationToken.None);
        return result.Written("incident");
    }

    /// <summary>Posts a further update to an incident through the one write path.</summary>
    public static async Task PostUpdateAsync(this TestApp app, string incidentId, string message)
    {
        var writer = app.Store.Writer(TimeProvider.System, app.Services.GetRequiredService<EventRouter>());
        var result = await writer.ChangeIncidentAsync(incidentId, Actor.System("test"), "incident.update",
            (i, now, _) => i.Post(IncidentStatus.Identified, message, new Dictionary<string, ComponentStatus>(), now), i => "update", CancellationToken.None);
        result.Written("update");
    }

    /// <summary>Subscribes by email through the form and confirms through the link of the confirmation message; returns the subscriber id.</summary>
    public static async Task<string> SubscribeConfirmedAsync(this TestApp app, MailboxChannel mail, string email, string[]? components = null, string? hostname = null)
    {
        using var visitor = new Visitor(app);
        var response = await visitor.SubscribeAsync("email", email, components, hostname);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => mail.To(email).Any(m => m.Notice.Kind == SubscriptionService.ConfirmationKind), TimeSpan.FromSeconds(10), $"the confirmation to {email}");
        var confirmation = mail.To(email).First(m => m.Notice.Kind == SubscriptionService.ConfirmationKind);
        var confirmed = await visitor.Client.PostAsync(Local(new Uri(confirmation.Notice.Url!)), null);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        return confirmation.Recipient!.SubscriberId;
    }

    /// <summary>Raises a check event about a custom hostname, as monitoring does.</summary>
    public static Task RaiseCheckAsync(this TestApp app, string kind, string checkId, string hostname) =>
        app.Services.GetRequiredService<Pharos.Notifications.Alerts.IAlertSink>().RaiseAsync(
            Pharos.Notifications.Alerts.OperationalEvent.Create(kind, "check", checkId, DateTimeOffset.UtcNow, "system:monitoring",
                $"{checkId} is {(kind == EventKinds.CheckDown ? "down" : "up")}", $"The check of {hostname} changed.",
                new Dictionary<string, string> { [SubscriberFanout.HostnameKey] = hostname, [NoticeData.Name] = checkId }),
            CancellationToken.None);
}
