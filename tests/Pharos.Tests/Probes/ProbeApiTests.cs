using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Storage;
using Pharos.Storage;
using Pharos.Probes;
using Pharos.Tests.Support;

namespace Pharos.Tests.Probes;

/// <summary>/api/v1/probes: a probe's own scope, signed batches, replay idempotency and refusals as problem+json.</summary>
public sealed class ProbeApiTests : IAsyncLifetime
{
    public const string Yaml = MonitorTestConfigs.Site + """

        monitoring:
          location: hq
        checks:
          - id: web
            type: tcp
            host: 127.0.0.1
            port: 9
            component: app
            interval: 10s
            timeout: 1s
            locations: [edge, other]
          - id: elsewhere
            type: tcp
            host: 127.0.0.1
            port: 9
            interval: 10s
            timeout: 1s
            locations: [other]
        """;

    private TestApp _app = null!;
    private HttpClient _probe = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(Yaml);
        var added = await _app.Services.GetRequiredService<ProbeService>().AddAsync("edge-1", "edge", Actor.Cli, CancellationToken.None);
        _token = added!.Value.Token;
        _probe = new HttpClient { BaseAddress = _app.Address };
        _probe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    public async Task DisposeAsync()
    {
        _probe.Dispose();
        await _app.DisposeAsync();
    }

    private static byte[] Batch(long sequence, string instance = "inst-1", string check = "web", long? at = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new ProbeBatch
        {
            Instance = instance,
            BatchId = $"b{sequence}",
            Sequence = sequence,
            Version = "test",
            Results = [new ProbeResultDto(check, at ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "down", 12.5, "refused")],
        }, ProbeJson.Options);

    private Task<HttpResponseMessage> PostAsync(byte[] body, DateTimeOffset? sentAt = null, string? signature = null, string? token = null)
    {
        var ts = (sentAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/probes/results") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(BatchSignature.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(BatchSignature.SignatureHeader, signature ?? BatchSignature.Sign(BatchSignature.KeyOf(token ?? _token), ts, body));
        return _probe.SendAsync(request);
    }

    private async Task<IReadOnlyList<CheckResult>> StoredAsync(string check) =>
        await _app.Services.GetRequiredService<IMonitorStore>().GetResultsAsync(check, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), 100, CancellationToken.None);

    [Fact]
    public async Task A_probe_fetches_the_checks_of_its_location_and_a_refetch_without_change_is_304()
    {
        using var first = await _probe.GetAsync("/api/v1/probes/checks");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await first.JsonAsync();
        body.GetProperty("location").GetString().ShouldBe("edge");
        var yaml = body.GetProperty("checks_yaml").GetString()!;
        yaml.ShouldContain("id: web");
        yaml.ShouldNotContain("elsewhere");
        yaml.ShouldNotContain("component");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probes/checks");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        using var second = await _probe.SendAsync(again);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task A_signed_batch_is_recorded_with_its_location_and_a_replay_is_acknowledged_but_not_recorded_twice()
    {
        var body = Batch(1);
        using var first = await PostAsync(body);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.JsonAsync()).GetProperty("accepted").GetInt32().ShouldBe(1);

        using var replay = await PostAsync(body);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        var r = await replay.JsonAsync();
        r.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
        r.GetProperty("accepted").GetInt32().ShouldBe(0);

        await Eventually.TrueAsync(async () => (await StoredAsync("web")).Count > 0, TimeSpan.FromSeconds(10), "the result to be written");
        await Task.Delay(1200); // one writer batch window more: a second copy would have landed by now
        var stored = (await StoredAsync("web")).ShouldHaveSingleItem();
        stored.Location.ShouldBe("edge");
        var probe = (await _app.Services.GetRequiredService<ProbeService>().ListAsync(CancellationToken.None)).Single();
        probe.LastSequence.ShouldBe(1);
        probe.Batches.ShouldBe(1);
        probe.LastContactAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_wrong_signature_is_401_problem_naming_the_signature_header()
    {
        using var response = await PostAsync(Batch(1), signature: "sha256=" + new string('0', 64));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty(BatchSignature.SignatureHeader, out _).ShouldBeTrue();

        using var otherKey = await PostAsync(Batch(1), token: "pharos_not-the-token");
        otherKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await StoredAsync("web")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_timestamp_outside_the_allowed_skew_is_refused_naming_the_timestamp_header()
    {
        using var old = await PostAsync(Batch(1), sentAt: DateTimeOffset.UtcNow.AddMinutes(-6));
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await old.JsonAsync()).GetProperty("errors").TryGetProperty(BatchSignature.TimestampHeader, out _).ShouldBeTrue();
        using var future = await PostAsync(Batch(1), sentAt: DateTimeOffset.UtcNow.AddMinutes(6));
        future.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var near = await PostAsync(Batch(1), sentAt: DateTimeOffset.UtcNow.AddMinutes(-4));
        near.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Scopes_do_not_cross_a_reader_cannot_post_results_and_a_probe_can_read_nothing_else()
    {
        using var reader = await _app.ApiClientAsync(Scopes.Read, Scopes.Admin);
        using var asReader = await reader.GetAsync("/api/v1/probes/checks");
        asReader.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        asReader.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        using var incidents = await _probe.GetAsync("/api/v1/incidents");
        incidents.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var probes = await _probe.GetAsync("/api/v1/probes");
        probes.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var list = await reader.GetAsync("/api/v1/probes");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.JsonAsync())[0].GetProperty("location").GetString().ShouldBe("edge");
    }

    [Fact]
    public async Task A_malformed_batch_is_400_naming_the_field_and_results_for_checks_elsewhere_are_ignored()
    {
        using var bad = await PostAsync(Batch(0));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.JsonAsync()).GetProperty("errors").TryGetProperty("sequence", out _).ShouldBeTrue();

        using var notHers = await PostAsync(Batch(1, check: "elsewhere"));
        notHers.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = await notHers.JsonAsync();
        reply.GetProperty("accepted").GetInt32().ShouldBe(0);
        reply.GetProperty("skipped").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_revoked_probe_is_refused_and_both_changes_are_audited()
    {
        (await _app.Services.GetRequiredService<ProbeService>().RevokeAsync("edge-1", Actor.Cli, CancellationToken.None)).ShouldBeTrue();
        using var response = await PostAsync(Batch(1));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var audit = await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = "edge-1" }, CancellationToken.None);
        audit.Select(a => a.Action).ShouldBe(["probe.revoke", "probe.add"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_probe_reporting_from_a_new_instance_or_version_is_audited_once()
    {
        (await PostAsync(Batch(1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Batch(2))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Batch(1, instance: "inst-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = "edge-1", Action = "probe.connected" }, CancellationToken.None);
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(a => a.Actor.Kind == Actor.SystemKind);
    }

    [Fact]
    public async Task The_component_page_shows_the_latest_result_of_each_location_from_its_snapshot()
    {
        using var posted = await PostAsync(Batch(1));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        await _app.RefreshAsync();
        var html = await _app.Client.GetStringAsync("/components/app");
        html.ShouldContain("<h2>By location</h2>");
        html.ShouldContain("data-location=\"edge\" data-outcome=\"down\"");
        html.ShouldContain("data-location=\"other\" data-outcome=\"none\"");
        html.ShouldNotContain("refused", Case.Insensitive, "a probe's error text can name internal hosts: the public page shows outcomes only");
    }
}
