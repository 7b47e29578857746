using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Web;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Web;

/// <summary>Against a receiver that answers like PagerDuty's POST /v2/enqueue.</summary>
public sealed class PagerDutyChannelTests : IAsyncLifetime, IDisposable
{
    private const string RoutingKey = "R0UT1NGKEY0000000000000000000000";
    private readonly TempDir _dir = new();
    private RecordingServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingServer.StartAsync();
        _server.Answer = _ => (202, null, """{"status":"success","message":"Event processed","dedup_key":"check:web"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private PagerDutyChannel Channel() => new(new PagerDutyConfig
    {
        Id = "pager",
        RoutingKey = new Pharos.Config.FileSecret(SecretFile(_dir, "pd", RoutingKey)),
        ApiBase = new Uri(_server.Url().AbsoluteUri),
    }, Context());

    [Fact]
    public async Task A_problem_triggers_with_the_subject_as_dedup_key()
    {
        var notice = Notice(title: new string('x', 2000));
        (await Channel().SendAsync(Message(notice), default)).ShouldBeOfType<DeliveryResult.Delivered>().Detail.ShouldBe("HTTP 202");

        var r = _server.Single();
        r.Path.ShouldBe("/v2/enqueue");
        var json = r.Json;
        json.GetProperty("routing_key").GetString().ShouldBe(RoutingKey);
        json.GetProperty("event_action").GetString().ShouldBe("trigger");
        json.GetProperty("dedup_key").GetString().ShouldBe("check:web");
        var payload = json.GetProperty("payload");
        payload.GetProperty("summary").GetString()!.Length.ShouldBe(PagerDutyChannel.MaxSummary);
        payload.GetProperty("source").GetString().ShouldBe("status.test.example");
        payload.GetProperty("severity").GetString().ShouldBe("critical");
        payload.GetProperty("timestamp").GetString().ShouldBe("2026-11-26T16:45:00.000Z");
        payload.GetProperty("custom_details").GetProperty("error").GetString().ShouldBe("connection refused");
        json.GetProperty("links")[0].GetProperty("href").GetString().ShouldBe("http://status.test.example/admin/checks/web");
    }

    [Fact]
    public async Task A_recovery_resolves_the_same_dedup_key()
    {
        await Channel().SendAsync(Message(Notice()), default);
        await Channel().SendAsync(Message(Notice(kind: "check.up", severity: Severity.Info, title: "web is up")), default);

        var events = _server.Requests.Select(r => r.Json).ToList();
        events.Select(e => e.GetProperty("event_action").GetString()).ShouldBe(["trigger", "resolve"]);
        events.Select(e => e.GetProperty("dedup_key").GetString()).Distinct().ShouldHaveSingleItem().ShouldBe("check:web");
        events[1].TryGetProperty("payload", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_burst_goes_as_one_event_per_notice_in_order()
    {
        var a = Notice(subject: "web");
        var b = Notice(subject: "api", title: "api down");

        (await Channel().SendAsync(Message(a, grouped: [a, b]), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        _server.Requests.Select(r => r.Json.GetProperty("dedup_key").GetString()).ShouldBe(["check:web", "check:api"]);
    }

    [Theory]
    [InlineData(400, typeof(DeliveryResult.Permanent))]
    [InlineData(429, typeof(DeliveryResult.Transient))]
    [InlineData(500, typeof(DeliveryResult.Transient))]
    public async Task Answers_map_to_outcomes(int status, Type expected)
    {
        _server.Answer = _ => (status, null, """{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]}""");

        var result = await Channel().SendAsync(Message(), default);

        result.ShouldBeOfType(expected);
        if (result is DeliveryResult.Permanent p)
        {
            p.Error.ShouldContain("Event object is invalid");
        }
    }
}
