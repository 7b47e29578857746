using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pharos.Cluster;
using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.FailoverSite;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.FailoverSite;

/// <summary>
/// Soft failover over real sockets: a Pharos failover site in proxy mode in front of a real Kestrel upstream, moved by
/// real failover commands, on the leading node and on a node that follows the leader through the database.
/// </summary>
public sealed class SoftFailoverProxyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Pharos.Audit.Actor Operator = new(Pharos.Audit.Actor.UserKind, "u1", "olga", "127.0.0.9");

    public static string Yaml(int dnsPort, Uri upstream, string more = "") => BuiltinYaml(dnsPort) + $$"""

        failover_site:
          http: [127.0.0.1:0]
          status_url: http://status.example.test/
          api_paths: [/api/]
          proxy: { policy: shop, upstream: "{{upstream}}", connect_timeout: 500ms{{more}} }
        """;

    /// <summary>The primary: says who it is and echoes what the proxy told it about the customer.</summary>
    private static Task Echo(HttpContext ctx)
    {
        ctx.Response.Headers["X-Upstream"] = "primary";
        return ctx.Response.WriteAsJsonAsync(new
        {
            host = ctx.Request.Headers.Host.ToString(),
            xff = ctx.Request.Headers["X-Forwarded-For"].ToString(),
            proto = ctx.Request.Headers["X-Forwarded-Proto"].ToString(),
            path = ctx.Request.Path.Value + ctx.Request.QueryString,
        });
    }

    private static Uri ProxyAddress(TestApp app) => app.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "http");

    private static HttpClient Customer(TestApp app) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false }) { BaseAddress = ProxyAddress(app), Timeout = TimeSpan.FromSeconds(5) };

    private static HttpRequestMessage Get(string path, string host = "www.example.test", string? xff = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("text/html");
        if (xff is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", xff);
        }

        return request;
    }

    private static Task<FailoverCommandResult> Command(TestApp app, FailoverCommandKind kind) =>
        app.Services.GetRequiredService<IFailoverCommands>().RunAsync(new FailoverCommand("shop", kind, Operator, "soft failover test"), CancellationToken.None);

    /// <summary>
    /// Starts the decision and polls the proxy in a tight loop (bounded to 5 s) until the maintenance page comes: the
    /// time from the decision being asked for to the first page, an upper bound of the time from the decision itself.
    /// </summary>
    private static async Task<TimeSpan> TimeToMaintenancePageAsync(HttpClient client, Func<Task<FailoverCommandResult>> decide)
    {
        var clock = Stopwatch.StartNew();
        var decided = decide();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            using var response = await client.SendAsync(Get("/cart"));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var at = clock.Elapsed;
                (await response.Content.ReadAsStringAsync()).ShouldContain("http://status.example.test/");
                (await decided).Succeeded.ShouldBeTrue();
                return at;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK, "until the decision the primary answers");
        }

        var result = await decided;
        throw new ShouldAssertException($"no maintenance page within 5 s of the decision ({result.Message})");
    }

    private static async Task ShouldForwardAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Get("/cart?id=7", xff: "203.0.113.66"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Upstream").ShouldBe(["primary"]);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        echo.RootElement.GetProperty("host").GetString().ShouldBe("www.example.test", "the customer's Host reaches the primary");
        echo.RootElement.GetProperty("xff").GetString().ShouldBe("127.0.0.1", "the customer's address, not what the customer claimed");
        echo.RootElement.GetProperty("proto").GetString().ShouldBe("http");
        echo.RootElement.GetProperty("path").GetString().ShouldBe("/cart?id=7");
    }

    private static async Task ShouldServeMaintenanceAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Get("/cart"));
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(300));
        response.Headers.Contains("X-Upstream").ShouldBeFalse();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("http://status.example.test/");
    }

    [Fact]
    public async Task Forwards_while_on_the_primary_serves_the_page_within_a_second_of_a_manual_failover_and_forwards_again_after_failback()
    {
        await using var upstream = await LoopbackServer.StartAsync(Echo);
        await using var app = await TestApp.StartAsync(Yaml(FreePort(), upstream.Url()));
        using var client = Customer(app);
        await ShouldForwardAsync(client);

        var elapsed = await TimeToMaintenancePageAsync(client, () => Command(app, FailoverCommandKind.ToFailover));
        output.WriteLine($"leader: decision to first maintenance page {elapsed.TotalMilliseconds:F0} ms");
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "decision to the first maintenance page");
        await ShouldServeMaintenanceAsync(client);
        using (var api = await client.SendAsync(Get("/api/orders")))
        {
            api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await Command(app, FailoverCommandKind.ToPrimary)).Succeeded.ShouldBeTrue();
        await Eventually.TrueAsync(async () => (await client.SendAsync(Get("/"))).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "forwarding again after fail-back");
        await ShouldForwardAsync(client);
    }

    [Fact]
    public async Task On_a_node_that_does_not_lead_the_page_follows_the_leaders_failover_within_a_second()
    {
        await using var upstream = await LoopbackServer.StartAsync(Echo);
        using var data = new TempDir();
        static Func<Pharos.Hosting.PharosConfig, Pharos.Hosting.PharosConfig> AsNode(string id) =>
            c => c with { Node = c.Node with { Id = id, LeaseTtl = TimeSpan.FromSeconds(3), Heartbeat = TimeSpan.FromMilliseconds(500) } };
        await using var a = await TestApp.StartAsync(Yaml(FreePort(), upstream.Url()), dataDirectory: data.Path, adjust: AsNode("a"));
        await using var b = await TestApp.StartAsync(Yaml(FreePort(), upstream.Url()), dataDirectory: data.Path, adjust: AsNode("b"));
        a.Services.GetRequiredService<ILeadership>().Current.ShouldNotBeNull();
        b.Services.GetRequiredService<ILeadership>().Current.ShouldBeNull("b follows the leader through the database");
        using var client = Customer(b);
        await ShouldForwardAsync(client);

        var elapsed = await TimeToMaintenancePageAsync(client, () => Command(a, FailoverCommandKind.ToFailover));
        output.WriteLine($"follower: decision to first maintenance page {elapsed.TotalMilliseconds:F0} ms");
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "decision on the leader to the first maintenance page on the follower");
        await ShouldServeMaintenanceAsync(client);

        (await Command(a, FailoverCommandKind.ToPrimary)).Succeeded.ShouldBeTrue();
        await Eventually.TrueAsync(async () => (await client.SendAsync(Get("/"))).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "the follower forwards again after fail-back");
    }

    [Fact]
    public async Task An_upstream_that_refuses_or_stays_silent_gets_the_maintenance_page_not_a_bare_502()
    {
        var slow = false;
        await using var upstream = await LoopbackServer.StartAsync(async ctx =>
        {
            if (slow)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
            }

            await Echo(ctx);
        });
        await using var app = await TestApp.StartAsync(Yaml(FreePort(), upstream.Url(), ", timeout: 1s"));
        using var client = Customer(app);
        await ShouldForwardAsync(client);
        app.Services.GetRequiredService<ProxyGate>().Forwards.ShouldBeTrue("the policy is still on the primary");

        await upstream.StopAsync();
        await ShouldServeMaintenanceAsync(client);

        await upstream.RestartAsync();
        await ShouldForwardAsync(client);

        slow = true;
        var clock = Stopwatch.StartNew();
        await ShouldServeMaintenanceAsync(client);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the 1-s timeout, not the upstream's 10 s");
    }

    [Fact]
    public async Task A_large_upload_streams_through_beyond_Kestrels_default_body_limit()
    {
        await using var upstream = await LoopbackServer.StartAsync(async ctx =>
        {
            // The primary takes it (its own limit lifted): what is shown is that the proxy passes it without one.
            ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            long total = 0;
            var buffer = new byte[81920];
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                total += read;
            }

            await ctx.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        await using var app = await TestApp.StartAsync(Yaml(FreePort(), upstream.Url()));
        using var client = Customer(app);
        const long size = 40L * 1024 * 1024;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StreamContent(new ZeroStream(size)) };
        request.Headers.Host = "www.example.test";
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldBe(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("{ policy: nope, upstream: http://127.0.0.1:9000 }", "failover_site.proxy: 'policy' names no failover policy 'nope' (known: shop)")]
    [InlineData("{ policy: shop, upstream: ftp://127.0.0.1/ }", "failover_site.proxy: 'upstream' must be an absolute http(s) URL")]
    [InlineData("{ policy: shop }", "failover_site.proxy: 'upstream' is required")]
    [InlineData("{ policy: shop, upstream: http://127.0.0.1:9000, connect_timeout: 5m }", "failover_site.proxy: 'connect_timeout' must be between")]
    [InlineData("{ policy: shop, upstream: http://127.0.0.1:9000, buffer: true }", "buffer")]
    public void A_bad_proxy_section_is_an_error_at_its_file_and_line(string proxy, string message)
    {
        using var dir = new TempDir();
        var yaml = BuiltinYaml(FreePort()) + $"\nfailover_site:\n  http: [127.0.0.1:0]\n  proxy: {proxy}\n";
        var file = dir.Write("pharos.yaml", yaml);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("proxy:", StringComparison.Ordinal)) + 1;
        var e = Should.Throw<Pharos.Config.ConfigException>(() => Pharos.Hosting.ConfigLoader.LoadFile(file));
        e.Errors.ShouldContain(x => x.File == file && x.Line == line && x.Message.Contains(message), string.Join("\n", e.Errors));
    }

    /// <summary>A body of zeros of a given length, produced as it is read (nothing held in memory).</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
