using System.Net.Sockets;
using System.Reflection;

namespace Pharos.FailoverSite;

/// <summary>
/// Lets the runtime's socket event thread run a socket's completions itself instead of queueing each one to the
/// thread pool: two thread hops fewer per proxied request (measured in bench/soft-failover). Only for the failover
/// site's own sockets, whose code never blocks. The process-wide switch (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS)
/// would also move the DNS server's, the database's and the status page's sockets onto that thread; the runtime keeps
/// the per-socket setting internal as an experimental API and keeps its setter reachable by reflection for this use.
/// Where a runtime lacks it, sockets keep the default and only speed differs.
/// </summary>
internal static class InlineCompletions
{
    private static readonly Action<Socket, bool>? Setter = Find();

    /// <summary>Whether this runtime lets a socket's completions run on the event thread.</summary>
    public static bool Available => Setter is not null;

    /// <summary>Asks for the socket's completions to run on the event thread; does nothing where that cannot be had.</summary>
    public static void Prefer(Socket socket) => Setter?.Invoke(socket, true);

    /// <summary>
    /// One socket event thread per core, as the runtime itself chooses when every completion runs on them (its default
    /// is one thread for up to 30 cores, which would hold the failover site to one core). Must run before the first
    /// socket is made; an operator's own DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT is left alone.
    /// </summary>
    public static void UseOneEventThreadPerCore()
    {
        const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";
        if (Available && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Environment.SetEnvironmentVariable(Variable, Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A TCP connection whose completions run on the event thread, with Nagle off; the socket is closed when it fails.</summary>
    public static async ValueTask<Socket> ConnectAsync(System.Net.EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is System.Net.IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            Prefer(socket);
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Action<Socket, bool>? Find()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return typeof(Socket).GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic)?.SetMethod?.CreateDelegate<Action<Socket, bool>>();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
