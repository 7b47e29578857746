using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Audit;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Storage;
using Pharos.Probes;
using Pharos.Probes.Agent;
using Pharos.Tests.Support;

namespace Pharos.Tests.Probes;

/// <summary>
/// The probe's disk buffer with the real server behind a relay the test can cut: batches wait on disk while the
/// server is unreachable or answers 503, then go in order, each recorded once.
/// </summary>
public sealed class ProbeBufferTests : IAsyncLifetime
{
    private readonly TempDir _probeData = new();
    private readonly List<long> _forwarded = [];
    private TestApp _app = null!;
    private LoopbackServer _relay = null!;
    private HttpClient _upstream = null!;
    private string _token = "";
    private bool _answer503;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(ProbeApiTests.Yaml);
        _token = (await _app.Services.GetRequiredService<ProbeService>().AddAsync("edge-1", "edge", Actor.Cli, CancellationToken.None))!.Value.Token;
        _upstream = new HttpClient { BaseAddress = _app.Address };
        _relay = await LoopbackServer.StartAsync(RelayAsync);
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        _upstream.Dispose();
        await _app.DisposeAsync();
        _probeData.Dispose();
    }

    /// <summary>Passes a request to the server as it came (the signature covers the body and the timestamp header).</summary>
    private async Task RelayAsync(HttpContext ctx)
    {
        if (_answer503)
        {
            ctx.Response.StatusCode = 503;
            return;
        }

        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), ctx.Request.Path + ctx.Request.QueryString) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var h in new[] { "Authorization", BatchSignature.TimestampHeader, BatchSignature.SignatureHeader, "If-None-Match", "User-Agent" })
        {
            if (ctx.Request.Headers.TryGetValue(h, out var v))
            {
                request.Headers.TryAddWithoutValidation(h, v.ToString());
            }
        }

        using var response = await _upstream.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode && text.Contains("\"sequence\"", StringComparison.Ordinal))
        {
            lock (_forwarded)
            {
                _forwarded.Add(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("sequence").GetInt64());
            }
        }

        ctx.Response.StatusCode = (int)response.StatusCode;
        await ctx.Response.WriteAsync(text);
    }

    private ProbeAgentOptions Options(long maxBytes = 1024 * 1024) => new()
    {
        Server = _relay.Url(),
        Token = _token,
        Location = "edge",
        DataDirectory = _probeData.Path,
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        MaxBufferBytes = maxBytes,
    };

    private static CheckConfig Web => ConfigLoader.Load(ProbeApiTests.Yaml, "pharos.yaml").Checks.First(c => c.Id == "web");

    private async Task<int> StoredAsync() =>
        (await _app.Services.GetRequiredService<IMonitorStore>().GetResultsAsync("web", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), 1000, CancellationToken.None)).Count;

    [Fact]
    public async Task Batches_wait_on_disk_while_the_server_is_away_and_then_go_in_order_each_recorded_once()
    {
        await _relay.StopAsync();
        var options = Options();
        var spool = BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes);
        var sink = new ProbeSink(spool, options);
        using var client = new ProbeClient(options, TimeProvider.System);
        var uploader = new ProbeUploader(spool, client, sink, options, TimeProvider.System, NullLogger<ProbeUploader>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = uploader.RunAsync(stop.Token);

        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await sink.RecordAsync(Web, ProbeResult.Down(TimeSpan.FromMilliseconds(3), $"refused {i}"), start.AddMilliseconds(i), CancellationToken.None);
            sink.Seal();
        }

        spool.Count.ShouldBe(5);
        await Task.Delay(600); // a few refused attempts
        spool.Count.ShouldBe(5, "nothing leaves the disk while the server is unreachable");

        _answer503 = true;
        await _relay.RestartAsync();
        await Task.Delay(600);
        spool.Count.ShouldBe(5, "nor while it answers 503");

        _answer503 = false;
        await Eventually.TrueAsync(() => spool.Count == 0, TimeSpan.FromSeconds(20), "the buffer to drain");
        await stop.CancelAsync();
        await running;

        _forwarded.ShouldBe([1, 2, 3, 4, 5]);
        await Eventually.TrueAsync(async () => await StoredAsync() == 5, TimeSpan.FromSeconds(10), "five results stored");
        var probe = (await _app.Services.GetRequiredService<ProbeService>().ListAsync(CancellationToken.None)).Single();
        probe.LastSequence.ShouldBe(5);
        probe.Batches.ShouldBe(5);
        probe.Results.ShouldBe(5);
    }

    [Fact]
    public async Task A_probe_that_died_mid_buffer_replays_after_restart_and_numbers_never_repeat()
    {
        var options = Options();
        var spool = BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes);
        var sink = new ProbeSink(spool, options);
        for (var i = 0; i < 3; i++)
        {
            await sink.RecordAsync(Web, ProbeResult.Up(TimeSpan.FromMilliseconds(3)), DateTimeOffset.UtcNow, CancellationToken.None);
            sink.Seal();
        }

        // Dies without a word, one batch half-written: the half file is forgotten, the three whole ones are kept.
        await File.WriteAllTextAsync(Path.Combine(options.DataDirectory, "spool", "000000000004.batch.tmp"), "{\"instance\":");
        var reopened = BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes);
        reopened.Count.ShouldBe(3);
        reopened.Instance.ShouldBe(spool.Instance);
        reopened.Append([], null).Sequence.ShouldBe(4);

        using var client = new ProbeClient(options, TimeProvider.System);
        var uploader = new ProbeUploader(reopened, client, new ProbeSink(reopened, options), options, TimeProvider.System, NullLogger<ProbeUploader>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = uploader.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => reopened.Count == 0, TimeSpan.FromSeconds(20), "the replay");
        await stop.CancelAsync();
        await running;
        _forwarded.ShouldBe([1, 2, 3, 4]);
        await Eventually.TrueAsync(async () => await StoredAsync() == 3, TimeSpan.FromSeconds(10), "three results stored");
    }

    [Fact]
    public async Task A_full_buffer_drops_the_oldest_batches_and_counts_them_in_the_next_batch()
    {
        var options = Options(maxBytes: 1200);
        var spool = BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes);
        var sink = new ProbeSink(spool, options);
        for (var i = 0; i < 10; i++)
        {
            await sink.RecordAsync(Web, ProbeResult.Down(TimeSpan.FromMilliseconds(3), new string('x', 200)), DateTimeOffset.UtcNow, CancellationToken.None);
            sink.Seal();
        }

        spool.Bytes.ShouldBeLessThanOrEqualTo(1200);
        spool.Dropped.ShouldBeGreaterThan(0);
        (spool.Count + spool.Dropped).ShouldBe(10);
        var newest = System.Text.Json.JsonSerializer.Deserialize<ProbeBatch>(spool.Append([], null) is var b ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(b, ProbeJson.Options) : [], ProbeJson.Options)!;
        newest.Dropped.ShouldBe(spool.Dropped);
        BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes).Dropped.ShouldBe(spool.Dropped, "the count survives a restart");
    }
}
