using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Pharos.Dns.Client;

/// <summary>One request/response exchange over UDP or TCP (RFC 1035 §4.2), with the caller's deadline.</summary>
internal static class DnsTransport
{
    /// <summary>Sends over a connected UDP socket and returns the first reply whose ID matches; other datagrams are ignored.</summary>
    public static async Task<byte[]> UdpExchangeAsync(ReadOnlyMemory<byte> request, IPEndPoint server, CancellationToken ct)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, ct).ConfigureAwait(false);
        await socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
        var buffer = new byte[ushort.MaxValue];
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(request.Span);
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            // Spoofed or stale replies carry another ID (RFC 5452 §9.1); keep listening until ours.
            if (n >= DnsMessage.HeaderSize && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
            {
                return buffer.AsSpan(0, n).ToArray();
            }
        }
    }

    /// <summary>Sends one length-prefixed request over a new TCP connection and reads one response (RFC 1035 §4.2.2).</summary>
    public static async Task<byte[]> TcpExchangeAsync(ReadOnlyMemory<byte> request, IPEndPoint server, CancellationToken ct)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, ct).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed.AsMemory(2));
        await stream.WriteAsync(framed, ct).ConfigureAwait(false);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, ct).ConfigureAwait(false);
        var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(response, ct).ConfigureAwait(false);
        return response;
    }
}
