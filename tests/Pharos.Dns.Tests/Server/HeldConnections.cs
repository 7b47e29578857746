using System.Net;
using System.Net.Sockets;

namespace Pharos.Dns.Tests.Server;

/// <summary>
/// TCP connections from one loopback source address that never read what the server sends: the abusive clients of
/// the TCP tests. Their state is read from the kernel (TCP_INFO), so a connection the server closed or reset is seen
/// without reading from it.
/// </summary>
internal sealed class HeldConnections : IDisposable
{
    private const int TcpInfo = 11; // getsockopt(IPPROTO_TCP, TCP_INFO); its first byte is the state
    private const byte Established = 1;
    private readonly List<Socket> _sockets = [];

    public IReadOnlyList<Socket> Sockets => _sockets;

    /// <summary>Opens <paramref name="count"/> connections from <paramref name="source"/>; each sends <paramref name="send"/> (may be empty) and never reads.</summary>
    public static async Task<HeldConnections> OpenAsync(IPEndPoint server, string source, int count, ReadOnlyMemory<byte> send, int receiveBuffer = 0)
    {
        var held = new HeldConnections();
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            held._sockets.Add(socket);
            // A small receive window makes a client that does not read stall the server's writes quickly.
            if (receiveBuffer > 0)
            {
                socket.ReceiveBufferSize = receiveBuffer;
            }

            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            try
            {
                await socket.ConnectAsync(server);
                if (!send.IsEmpty)
                {
                    await socket.SendAsync(send);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // The server refused this one at once (on loopback the reset can beat connect's own completion).
            }
        }
        return held;
    }

    /// <summary>How many are still established: the others were closed (FIN) or reset by the server.</summary>
    public int OpenCount => _sockets.Count(IsEstablished);

    public static bool IsEstablished(Socket socket)
    {
        Span<byte> info = stackalloc byte[8];
        return socket.GetRawSocketOption((int)SocketOptionLevel.Tcp, TcpInfo, info) > 0 && info[0] == Established;
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
