using System.Buffers.Binary;
using System.Net;
using System.Text;
using Pharos.Dns.Server;
using Pharos.Dns.Tests.Interop;

namespace Pharos.Dns.Tests.Server;

/// <summary>The TCP side under abuse: clients that connect and sit, or ask and never read, must not hold the server.</summary>
public sealed class TcpAbuseTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private static byte[] TcpQuery(string name, DnsType type, ushort id = 1)
    {
        var message = new DnsMessage { Id = id, Questions = [new DnsQuestion(DnsName.Parse(name), type)] }.ToArray();
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    private static Task<PharosServer> StartAsync(Func<DnsServerOptions, DnsServerOptions> configure, string? zone = null) =>
        PharosServer.StartAsync(zone, configure);

    [SkippableFact]
    public async Task A_client_that_never_reads_its_answers_is_reset_by_the_write_timeout()
    {
        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpWriteTimeout = TimeSpan.FromSeconds(1),
        });
        // 3,000 pipelined questions whose answers are 2 KB each: more than the kernel's socket buffers hold.
        var pipeline = Enumerable.Range(0, 3000).SelectMany(i => TcpQuery("big.example.test", DnsType.TXT, (ushort)i)).ToArray();
        using var reader = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 1, pipeline, receiveBuffer: 4096);

        await Eventually.TrueAsync(() => reader.OpenCount == 0, TimeSpan.FromSeconds(1) + Slack, "the server still holds a client that never reads");
        server.Server.Counters.TcpWriteTimeouts.ShouldBe(1);
        server.Server.TcpConnections.ShouldBe(0);
        (await Dig.ShortAsync(server.Port, "+tcp", "-b", "127.0.0.2", "www.example.test", "A")).ShouldBe(["127.0.0.10"]);
    }

    [SkippableFact]
    public async Task A_secondary_that_never_reads_its_zone_transfer_is_reset_by_the_write_timeout()
    {
        // About 4 MB of zone: 20,000 TXT records of 200 bytes.
        var zone = new StringBuilder(TestZones.ExampleZone());
        for (int i = 0; i < 20_000; i++)
        {
            zone.Append("bulk").Append(i).Append(" IN TXT \"").Append('x', 200).Append("\"\n");
        }

        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpWriteTimeout = TimeSpan.FromSeconds(1),
            AllowTransferFrom = [IPAddress.Parse("127.0.0.2")],
        }, zone.ToString());
        using var secondary = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 1, TcpQuery("example.test", DnsType.AXFR), receiveBuffer: 4096);

        await Eventually.TrueAsync(() => secondary.OpenCount == 0, TimeSpan.FromSeconds(1) + Slack, "the server still holds a transfer nobody reads");
        server.Server.Counters.TcpWriteTimeouts.ShouldBe(1);
        server.Server.TcpConnections.ShouldBe(0);
    }

    [SkippableFact]
    public async Task Connections_over_the_per_client_cap_are_refused_while_another_client_is_answered()
    {
        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpIdleTimeout = TimeSpan.FromSeconds(3),
        });
        // Half ask a question and never read the answer; half send one byte of a length prefix and stop (slowloris).
        using var asking = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 30, TcpQuery("www.example.test", DnsType.A));
        using var stalling = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 30, new byte[] { 0 });

        // The default cap is 20 connections per client address: the other 40 are closed at once.
        await Eventually.TrueAsync(() => asking.OpenCount + stalling.OpenCount <= 20, TimeSpan.FromSeconds(2), "the connections over the per-client cap to be closed");
        (asking.OpenCount + stalling.OpenCount).ShouldBe(20);
        server.Server.Counters.TcpConnectionsRefused.ShouldBe(40);
        (await Dig.ShortAsync(server.Port, "+tcp", "-b", "127.0.0.3", "www.example.test", "A")).ShouldBe(["127.0.0.10"]);
        (await Dig.ShortAsync(server.Port, "-b", "127.0.0.3", "www.example.test", "A")).ShouldBe(["127.0.0.10"]);

        // And the ones it kept are closed by the idle timeout, queries trickled in or not.
        await Eventually.TrueAsync(() => asking.OpenCount + stalling.OpenCount == 0, TimeSpan.FromSeconds(3) + Slack, "the held connections to be closed by the idle timeout");
        server.Server.Counters.TcpIdleTimeouts.ShouldBe(20);
    }

    [SkippableFact]
    public async Task Hundreds_of_held_connections_never_take_more_than_the_global_cap_and_a_new_client_is_still_answered()
    {
        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpMaxConnections = 100, TcpMaxConnectionsPerClient = 60,
            TcpIdleTimeout = TimeSpan.FromSeconds(2), TcpWriteTimeout = TimeSpan.FromSeconds(1),
        });
        int mostOpen = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                mostOpen = Math.Max(mostOpen, server.Server.TcpConnections);
                await Task.Yield();
            }
        });
        var held = new List<HeldConnections>();
        try
        {
            // 300 connections from six addresses, 50 each: under the per-client cap, three times the global one.
            // Half ask a question and never read the answer, half say nothing.
            for (int i = 0; i < 6; i++)
            {
                held.Add(await HeldConnections.OpenAsync(server.Endpoint, $"127.0.0.{10 + i}", 50, i % 2 == 0 ? TcpQuery("www.example.test", DnsType.A) : default));
            }

            // The server is full of them, yet a new client is answered at its first try: the longest-waiting one makes room.
            (await Dig.ShortAsync(server.Port, "+tcp", "-b", "127.0.0.3", "www.example.test", "A")).ShouldBe(["127.0.0.10"]);
            (await Dig.ShortAsync(server.Port, "-b", "127.0.0.3", "www.example.test", "A")).ShouldBe(["127.0.0.10"]);

            // And every held one is closed: evicted, or by the idle timeout (200 ms once over half full, else 2 s).
            await Eventually.TrueAsync(() => held.Sum(h => h.OpenCount) == 0, TimeSpan.FromSeconds(2) + Slack, "every held connection to be closed");
            await Eventually.TrueAsync(() => server.Server.TcpConnections == 0, Slack, "the server to hold no connection");
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
            foreach (var h in held)
            {
                h.Dispose();
            }
        }
        mostOpen.ShouldBe(100);
        var counters = server.Server.Counters;
        counters.TcpConnectionsEvicted.ShouldBeGreaterThan(0);
        // Every held one was evicted, timed out, or refused when it came while none was waiting (accepted ones not yet
        // reading); dig closed its own.
        (counters.TcpConnectionsEvicted + counters.TcpIdleTimeouts + counters.TcpConnectionsRefused).ShouldBe(300);
    }

    [SkippableFact]
    public async Task When_every_slot_is_busy_writing_a_new_connection_is_refused()
    {
        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpMaxConnections = 3, TcpWriteTimeout = TimeSpan.FromSeconds(30),
        });
        var pipeline = Enumerable.Range(0, 3000).SelectMany(i => TcpQuery("big.example.test", DnsType.TXT, (ushort)i)).ToArray();
        using var readers = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 3, pipeline, receiveBuffer: 4096);
        await Eventually.TrueAsync(() => readers.Sockets.All(s => s.Available > 0), Slack, "answers to wait unread at every reader");
        using var late = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.3", 1, default);

        await Eventually.TrueAsync(() => late.OpenCount == 0, Slack, "the late connection to be refused");
        server.Server.Counters.TcpConnectionsRefused.ShouldBe(1);
        readers.OpenCount.ShouldBe(3);
    }

    [SkippableFact]
    public async Task Once_more_than_half_the_slots_are_taken_new_idle_connections_wait_only_briefly()
    {
        await using var server = await StartAsync(o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, TcpMaxConnections = 20, TcpIdleTimeout = TimeSpan.FromSeconds(30),
        });
        // Ten clients that have each been answered, so each waits for its next query with the full idle timeout ...
        using var early = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.2", 10, TcpQuery("www.example.test", DnsType.A));
        await Eventually.TrueAsync(() => early.Sockets.All(s => s.Available > 0), Slack, "the early clients to be answered");

        // ... then six more, which find the server over half full: they get 200 ms.
        using var late = await HeldConnections.OpenAsync(server.Endpoint, "127.0.0.3", 6, default);
        await Eventually.TrueAsync(() => late.OpenCount == 0, Slack, "the late idle connections to be closed well before the 30 s idle timeout");
        early.OpenCount.ShouldBe(10);
    }
}
