using System.Net;
using System.Net.Sockets;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.State;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

/// <summary>A check's `hostnames_file` read again while running: names added become checks, names removed stop.</summary>
public sealed class HostnamesFileReloadTests
{
    private static string Yaml(string file, int port) => $$"""
        site:
          name: Shops
          public_url: http://status.shops.test/
        components:
          - id: shops
            name: Shops
        checks:
          - id: shop
            type: tcp
            component: shops
            host: 127.0.0.1
            port: {{port}}
            interval: 1s
            timeout: 500ms
            fail_after: 1
            recover_after: 1
            hostnames: [inline.shops.test]
            hostnames_file: {{file}}
        """;

    [Fact]
    public async Task A_changed_hostnames_file_adds_and_removes_checks_without_a_restart_and_a_bad_one_is_refused()
    {
        using var dir = new TempDir();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var file = dir.Write("domains.txt", "# merchants\na.shops.test\nb.shops.test\n");
        var sink = new RecordingAlertSink();
        await using var app = await TestApp.StartAsync(Yaml(file, ((IPEndPoint)listener.LocalEndpoint).Port), configure: s => s.AddSingleton<IAlertSink>(sink));
        var catalog = app.Services.GetRequiredService<CheckCatalog>();
        var scheduler = app.Services.GetRequiredService<CheckScheduler>();
        var tracker = app.Services.GetRequiredService<CheckTracker>();
        catalog.All.Select(c => c.Id).ShouldBe(["shop@inline.shops.test", "shop@a.shops.test", "shop@b.shops.test"]);
        await Eventually.TrueAsync(() => scheduler.Runs("shop@a.shops.test"), TimeSpan.FromSeconds(10), "the scheduler running the file's checks");

        File.WriteAllText(file, "b.shops.test\nc.shops.test   # signed up today\n");
        await Eventually.TrueAsync(() => scheduler.Runs("shop@c.shops.test") && !scheduler.Runs("shop@a.shops.test"), TimeSpan.FromSeconds(10), "c scheduled and a stopped");
        catalog.All.Select(c => c.Id).ShouldBe(["shop@inline.shops.test", "shop@b.shops.test", "shop@c.shops.test"]);
        scheduler.Assigned.ShouldBe(3);
        // The new check's results count: it is tracked, and its component counts it.
        await Eventually.TrueAsync(() => tracker.StateOf("shop@c.shops.test").Health == CheckHealth.Up, TimeSpan.FromSeconds(10), "the new check up");
        tracker.ChecksOf("shops").ShouldBe(["shop@inline.shops.test", "shop@b.shops.test", "shop@c.shops.test"]);

        File.WriteAllText(file, "b.shops.test\nc.shops.test\nd.shops.test\nnot a name\n");
        await Eventually.TrueAsync(() => sink.Raised.Any(e => e.Kind == EventKinds.ConfigReloadFailed), TimeSpan.FromSeconds(10), "the refused file alerted");
        var alert = sink.Raised.Single(e => e.Kind == EventKinds.ConfigReloadFailed);
        (alert.Detail ?? "").ShouldContain("domains.txt:4:1");
        (alert.Detail ?? "").ShouldContain("not a name");
        catalog.All.Select(c => c.Id).ShouldBe(["shop@inline.shops.test", "shop@b.shops.test", "shop@c.shops.test"], "the previous names stay");
        scheduler.Runs("shop@d.shops.test").ShouldBeFalse();

        File.WriteAllText(file, "d.shops.test\n");
        await Eventually.TrueAsync(() => scheduler.Runs("shop@d.shops.test") && !scheduler.Runs("shop@b.shops.test"), TimeSpan.FromSeconds(10), "the mended file taken");
        sink.Raised.Count(e => e.Kind == EventKinds.ConfigReloadFailed).ShouldBe(1, "a refused version is reported once");
    }
}
