using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pharos.Dns.Bench;

/// <summary>Random and mutated packets, at the parser in-process or at a server over loopback UDP.</summary>
internal static class FuzzCommand
{
    private static readonly string[] Names = ["www.example.test", "example.test", "x.wild.example.test", "big.example.test", "nope.example.test", "elsewhere.test"];
    private static readonly DnsType[] Types = [DnsType.A, DnsType.AAAA, DnsType.MX, DnsType.TXT, DnsType.SOA, DnsType.ANY, DnsType.AXFR, DnsType.SRV];

    public static int Parse(long count)
    {
        var random = new Random(20261121);
        var seeds = Seeds();
        long parsed = 0, rejected = 0;
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var packet = Next(random, seeds);
            try
            {
                DnsMessage.Parse(packet);
                parsed++;
            }
            catch (DnsFormatException)
            {
                rejected++;
            }
        }
        Console.WriteLine($"parser: {count} packets, {parsed} parsed, {rejected} rejected with DnsFormatException, 0 other exceptions, {watch.Elapsed.TotalSeconds:F1}s");
        return 0;
    }

    public static async Task<int> ServerAsync(int port, long count)
    {
        var server = new IPEndPoint(IPAddress.Loopback, port);
        var random = new Random(7);
        var seeds = Seeds();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        socket.ReceiveBufferSize = 8 << 20;
        var receive = new byte[65536];
        long sent = 0, answered = 0;
        var watch = Stopwatch.StartNew();
        const int Batch = 64;
        while (sent < count)
        {
            int batch = (int)Math.Min(Batch, count - sent);
            for (int i = 0; i < batch; i++)
            {
                socket.Send(Next(random, seeds));
            }
            sent += batch;
            // Collect what comes back until the socket stays quiet for 2 ms; the rest were dropped by the server.
            int got = 0;
            while (got < batch && socket.Poll(2000, SelectMode.SelectRead))
            {
                try { socket.Receive(receive); got++; }
                catch (SocketException) { }
            }
            answered += got;
        }
        // The server must still answer a plain query after the flood.
        var check = await new Pharos.Dns.Client.DnsClient().QueryAsync(DnsName.Parse("www.example.test."), DnsType.A, server);
        Console.WriteLine($"server: {sent} packets sent, {answered} answered, {sent - answered} dropped, alive after: {check.Message.Rcode}, {watch.Elapsed.TotalSeconds:F1}s");
        return check.Message.Rcode == DnsRcode.NoError ? 0 : 1;
    }

    private static byte[][] Seeds()
    {
        var seeds = new List<byte[]>();
        foreach (var name in Names)
        {
            foreach (var type in Types)
            {
                seeds.Add(new DnsMessage { Id = 1, Questions = [new DnsQuestion(DnsName.Parse(name), type)], Edns = new EdnsInfo() }.ToArray());
            }
        }
        return [.. seeds];
    }

    // One packet in eight is pure noise; the rest are valid queries with a few bytes flipped, cut, inserted or
    // turned into compression pointers.
    private static byte[] Next(Random random, byte[][] seeds)
    {
        if (random.Next(8) == 0)
        {
            var noise = new byte[random.Next(0, 600)];
            random.NextBytes(noise);
            return noise;
        }
        var bytes = seeds[random.Next(seeds.Length)].ToList();
        int mutations = random.Next(0, 5);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            switch (random.Next(5))
            {
                case 0: bytes[random.Next(bytes.Count)] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(random.Next(bytes.Count)); break;
                case 2: bytes.Insert(random.Next(bytes.Count), (byte)random.Next(256)); break;
                case 3: { int cut = random.Next(bytes.Count); bytes.RemoveRange(cut, bytes.Count - cut); break; }
                default: bytes[random.Next(bytes.Count)] = (byte)(0xC0 | random.Next(64)); break;
            }
        }
        return [.. bytes];
    }
}
