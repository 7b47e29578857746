using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Pharos.Monitoring.Checks;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

public class HttpCheckTests
{
    private static string Check(LoopbackServer server, string extra = "", string path = "/") =>
        $"checks:\n  - id: web\n    type: http\n    component: app\n    url: {server.Url(path)}\n    timeout: 2s\n" + extra;

    [Fact]
    public async Task Target_that_goes_down_fails_and_passes_again_when_it_comes_back()
    {
        await using var server = await LoopbackServer.StartAsync();
        var yaml = Check(server);
        (await MonitorTestConfigs.RunOneAsync(yaml)).Outcome.ShouldBe(CheckOutcome.Up);

        await server.StopAsync();
        var down = await MonitorTestConfigs.RunOneAsync(yaml);
        down.Outcome.ShouldBe(CheckOutcome.Down);
        down.Message!.ShouldContain("ConnectionRefused");

        await server.RestartAsync();
        (await MonitorTestConfigs.RunOneAsync(yaml)).Outcome.ShouldBe(CheckOutcome.Up);
    }

    [Fact]
    public async Task Slow_answer_is_degraded()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            await Task.Delay(300);
            await ctx.Response.WriteAsync("ok");
        });
        var r = await MonitorTestConfigs.RunOneAsync(Check(server, "    degraded_latency: 100ms\n"));
        r.Outcome.ShouldBe(CheckOutcome.Degraded);
        r.Message!.ShouldContain("slow");
    }

    [Fact]
    public async Task Wrong_status_or_body_fails()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("{\"status\":\"maintenance\",\"db\":\"error\"}"));
        (await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      body_contains: '\"ok\"'\n"))).Message!.ShouldContain("does not contain");
        (await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      body_not_contains: error\n"))).Message!.ShouldContain("contains 'error'");
        (await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      body_regex: '\"status\":\"ok\"'\n"))).Outcome.ShouldBe(CheckOutcome.Down);
        var json = await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      json_path: $.status\n      json_equals: ok\n"));
        json.Outcome.ShouldBe(CheckOutcome.Down);
        json.Message.ShouldBe("$.status is 'maintenance', expected 'ok'");
        (await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      json_path: $.db\n      json_equals: error\n"))).Outcome.ShouldBe(CheckOutcome.Up);

        server.Handler = ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        (await MonitorTestConfigs.RunOneAsync(Check(server))).Message.ShouldBe("status 503");
        (await MonitorTestConfigs.RunOneAsync(Check(server, "    expect:\n      status: [503]\n"))).Outcome.ShouldBe(CheckOutcome.Up);
    }

    [Fact]
    public async Task Expiring_self_signed_certificate_is_degraded_and_untrusted_one_fails()
    {
        using var cert = LoopbackServer.SelfSigned(TimeSpan.FromDays(5), "app.example.test");
        await using var server = await LoopbackServer.StartAsync(certificate: cert);
        var url = $"https://app.example.test:{server.Port}/";
        var common = $"checks:\n  - id: web\n    type: http\n    url: {url}\n    resolve: 127.0.0.1\n    tls_expiry_warning: 14d\n";

        var expiring = await MonitorTestConfigs.RunOneAsync(common + "    verify_tls: false\n");
        expiring.Outcome.ShouldBe(CheckOutcome.Degraded);
        expiring.Message!.ShouldContain("certificate expires in");

        var untrusted = await MonitorTestConfigs.RunOneAsync(common);
        untrusted.Outcome.ShouldBe(CheckOutcome.Down);

        var tls = await MonitorTestConfigs.RunOneAsync($"checks:\n  - id: tls\n    type: tls\n    host: 127.0.0.1\n    port: {server.Port}\n    sni: app.example.test\n    verify_tls: false\n");
        tls.Outcome.ShouldBe(CheckOutcome.Degraded);
    }

    [Fact]
    public async Task Resolve_host_header_and_sni_are_sent_apart()
    {
        using var cert = LoopbackServer.SelfSigned(TimeSpan.FromDays(90), "failover.example.test", "shop.example.test");
        string? host = null;
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            host = ctx.Request.Host.Host;
            return ctx.Response.WriteAsync("ok");
        }, cert);
        var r = await MonitorTestConfigs.RunOneAsync(
            $"checks:\n  - id: web\n    type: http\n    url: https://primary.example.test:{server.Port}/\n    resolve: 127.0.0.1\n    host_header: shop.example.test\n    sni: failover.example.test\n    verify_tls: false\n");
        r.Outcome.ShouldBe(CheckOutcome.Up, r.Message);
        host.ShouldBe("shop.example.test");
        server.SniNames.ShouldContain("failover.example.test");
    }

    [Fact]
    public async Task Ten_megabyte_body_is_read_only_up_to_the_limit()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 160 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });
        var r = await MonitorTestConfigs.RunOneAsync(Check(server, "    max_body_bytes: 65536\n    expect:\n      body_contains: needle\n"));
        r.Outcome.ShouldBe(CheckOutcome.Down);
        r.Message!.ShouldContain("in the first 65536 bytes read");
    }

    [Fact]
    public async Task Target_that_never_answers_times_out_as_a_failure()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        var started = DateTime.UtcNow;
        var r = await MonitorTestConfigs.RunOneAsync($"checks:\n  - id: web\n    type: http\n    url: http://127.0.0.1:{port}/\n    timeout: 500ms\n");
        r.Outcome.ShouldBe(CheckOutcome.Down);
        r.Message.ShouldBe("timed out after 500ms");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(3));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task One_failing_hostname_of_200_shows_by_name()
    {
        const string broken = "cust-137.example.test";
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = ctx.Request.Host.Host == broken ? 500 : 200;
            return ctx.Response.WriteAsync(ctx.Request.Host.Host);
        });
        var names = string.Join(", ", Enumerable.Range(1, 200).Select(i => $"cust-{i}.example.test"));
        var config = MonitorTestConfigs.Load($"checks:\n  - id: domains\n    type: http\n    component: domains\n    url: {server.Url("/health")}\n    hostnames: [{names}]\n");
        config.Checks.Count.ShouldBe(200);

        var results = await MonitorTestConfigs.RunOnceAsync(config);
        var failed = results.Where(r => r.Value.Outcome != CheckOutcome.Up).ShouldHaveSingleItem();
        failed.Key.ShouldBe("domains@" + broken);
        failed.Value.Message.ShouldBe("status 500");
    }

    [Fact]
    public async Task Tcp_check_connects_and_reads_a_banner()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            using var c = await listener.AcceptTcpClientAsync();
            await c.GetStream().WriteAsync("220 ready\r\n"u8.ToArray());
            await Task.Delay(500);
        });
        (await MonitorTestConfigs.RunOneAsync($"checks:\n  - id: smtp\n    type: tcp\n    host: 127.0.0.1\n    port: {port}\n    expect_banner: '220 '\n")).Outcome.ShouldBe(CheckOutcome.Up);
        listener.Stop();
        (await MonitorTestConfigs.RunOneAsync($"checks:\n  - id: smtp\n    type: tcp\n    host: 127.0.0.1\n    port: {port}\n")).Outcome.ShouldBe(CheckOutcome.Down);
    }

    [SkippableFact]
    public async Task Icmp_check_pings_loopback()
    {
        // .NET pings with a raw socket when privileged, else through the system's ping tool.
        Skip.IfNot(Environment.IsPrivilegedProcess || File.Exists("/usr/bin/ping") || File.Exists("/bin/ping"), "ICMP needs root, CAP_NET_RAW or a ping binary");
        var r = await MonitorTestConfigs.RunOneAsync("checks:\n  - id: ping\n    type: icmp\n    host: 127.0.0.1\n    timeout: 2s\n");
        r.Outcome.ShouldBe(CheckOutcome.Up, r.Message);
    }
}
