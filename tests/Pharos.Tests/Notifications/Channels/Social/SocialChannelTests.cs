using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Social;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Social;

/// <summary>Mastodon's POST /api/v1/statuses and X's POST /2/tweets, against receivers that answer as documented.</summary>
public sealed class SocialChannelTests : IAsyncLifetime, IDisposable
{
    private const string LongText = "We are investigating elevated error rates on checkout. Some customers may see failed payments or slow pages while we work on it. ";
    private readonly TempDir _dir = new();
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private MastodonChannel Mastodon() => new(new MastodonConfig
    {
        Id = "toot",
        Instance = _server.Url(),
        AccessToken = new Pharos.Config.FileSecret(SecretFile(_dir, "mastodon", "mastodon-token-123")),
    }, Context());

    private XChannel X() => new(new XConfig
    {
        Id = "x",
        ApiBase = _server.Url(),
        BearerToken = new Pharos.Config.FileSecret(SecretFile(_dir, "x", "x-user-token-456")),
    }, Context());

    private static OutboundMessage Incident(string text) => Message(Notice(kind: "incident.update_posted", title: "Checkout errors", text: text, url: "https://status.test.example/incidents/01jdabcdefghjkmnpqrstvwxyz"), key: "n9:social:toot");

    [Fact]
    public async Task Mastodon_posts_a_status_with_bearer_and_idempotency_key()
    {
        _server.Answer = _ => (200, null, """{"id":"103704874086360371","visibility":"public"}""");

        (await Mastodon().SendAsync(Incident("Investigating."), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var r = _server.Single();
        r.Path.ShouldBe("/api/v1/statuses");
        r.Header("Authorization").ShouldBe("Bearer mastodon-token-123");
        r.Header("Idempotency-Key").ShouldBe("n9:social:toot");
        var json = r.Json;
        json.GetProperty("status").GetString().ShouldBe("Checkout errors\n\nInvestigating.\n\nhttps://status.test.example/incidents/01jdabcdefghjkmnpqrstvwxyz");
        json.GetProperty("visibility").GetString().ShouldBe("public");
    }

    [Fact]
    public async Task Mastodon_trims_to_500_characters_keeping_the_link_at_the_end()
    {
        var text = string.Concat(Enumerable.Repeat(LongText, 10));

        await Mastodon().SendAsync(Incident(text), default);

        var status = _server.Single().Json.GetProperty("status").GetString()!;
        status.ShouldEndWith("…\n\nhttps://status.test.example/incidents/01jdabcdefghjkmnpqrstvwxyz");
        PostText.Weight(status, weighted: false).ShouldBeLessThanOrEqualTo(500);
        PostText.Weight(status, weighted: false).ShouldBeGreaterThan(450);
    }

    [Fact]
    public async Task Mastodon_rate_limit_is_transient_with_retry_after()
    {
        _server.Answer = _ => (429, new() { ["Retry-After"] = "30" }, """{"error":"Too many requests"}""");

        (await Mastodon().SendAsync(Incident("x"), default)).ShouldBeOfType<DeliveryResult.Transient>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Mastodon_refused_token_is_permanent_and_does_not_echo_it()
    {
        _server.Answer = r => (401, null, "{\"error\":\"The access token is invalid: " + r.Header("Authorization") + "\"}");

        var e = (await Mastodon().SendAsync(Incident("x"), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error;

        e.ShouldContain("401");
        e.ShouldNotContain("mastodon-token-123");
    }

    [Fact]
    public async Task X_posts_text_within_280_weighted_characters_with_the_link()
    {
        _server.Answer = _ => (201, null, """{"data":{"id":"1445880548472328192","text":"..."}}""");

        (await X().SendAsync(Incident(string.Concat(Enumerable.Repeat(LongText, 5))), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var r = _server.Single();
        r.Path.ShouldBe("/2/tweets");
        r.Header("Authorization").ShouldBe("Bearer x-user-token-456");
        var text = r.Json.GetProperty("text").GetString()!;
        text.ShouldEndWith("…\n\nhttps://status.test.example/incidents/01jdabcdefghjkmnpqrstvwxyz");
        PostText.Weight(text, weighted: true).ShouldBeLessThanOrEqualTo(280);
        PostText.Weight(text, weighted: true).ShouldBeGreaterThan(250);
    }

    [Fact]
    public void X_counts_a_url_as_23_and_cjk_as_two()
    {
        PostText.Weight("see https://example.com/a/very/long/path/that/is/more/than/23", weighted: true).ShouldBe(4 + 23);
        PostText.Weight("障害", weighted: true).ShouldBe(4);
        PostText.Weight("障害", weighted: false).ShouldBe(2);
    }

    [Fact]
    public async Task X_rate_limit_waits_until_the_reset_it_announces()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(90).ToUnixTimeSeconds();
        _server.Answer = _ => (429, new() { ["x-rate-limit-reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture), ["x-rate-limit-remaining"] = "0" }, """{"title":"Too Many Requests","status":429}""");

        var after = (await X().SendAsync(Incident("x"), default)).ShouldBeOfType<DeliveryResult.Transient>().RetryAfter.ShouldNotBeNull();

        after.TotalSeconds.ShouldBeInRange(80, 91);
    }

    [Fact]
    public async Task X_duplicate_content_means_an_earlier_attempt_got_through()
    {
        _server.Answer = _ => (403, null, """{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}""");

        (await X().SendAsync(Incident("x"), default)).ShouldBeOfType<DeliveryResult.Delivered>().Detail!.ShouldContain("already posted");
    }

    [Fact]
    public async Task X_other_refusals_are_permanent()
    {
        _server.Answer = _ => (403, null, """{"detail":"You are not permitted to perform this action.","status":403}""");

        (await X().SendAsync(Incident("x"), default)).ShouldBeOfType<DeliveryResult.Permanent>();
    }
}
