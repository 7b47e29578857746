using System.Net;
using System.Net.Sockets;
using Pharos.FailoverSite;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.FailoverSite;

/// <summary>The failover site's own socket transport: what its speed rests on, and a port taken by another program.</summary>
public sealed class InlineSocketTransportTests
{
    [Fact]
    public void This_runtime_lets_a_socket_complete_on_the_event_thread()
    {
        // A runtime that drops the internal setter would leave the site correct but slower (bench/failover-site,
        // bench/soft-failover): this says so here rather than in a benchmark months later.
        InlineCompletions.Available.ShouldBe(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        InlineCompletions.Prefer(socket);

        // Where the runtime keeps the setting: the socket's handle, which its event loop reads for each event.
        var handle = socket.SafeHandle;
        var kept = handle.GetType().GetProperty("PreferInlineCompletions", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        kept.ShouldNotBeNull();
        ((bool)kept.GetValue(handle)!).ShouldBeTrue();
    }

    [Fact]
    public async Task A_port_another_program_holds_stops_the_start_with_the_address_named()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var yaml = BuiltinYaml(FreePort()) + $"\nfailover_site:\n  http: [127.0.0.1:{port}]\n  status_url: http://status.example.test/\n";
        var e = await Should.ThrowAsync<Exception>(async () => await (await TestApp.StartAsync(yaml)).DisposeAsync());
        e.ToString().ShouldContain($"127.0.0.1:{port}");
        e.ToString().ShouldContain("address already in use", Case.Insensitive);
    }
}
