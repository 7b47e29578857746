using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Pharos.SystemTests.Support;

/// <summary>
/// Network namespaces joined by a bridge in a "hub" namespace, all in one private /24 (10.213.x.0/24), plus a
/// veth into the test's own namespace so the test can reach every member. Names carry a random suffix, so runs
/// never collide; Dispose deletes every namespace (and with them their interfaces and routes), also after a failure.
/// A member is cut from an address with a blackhole route in its own namespace.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private readonly string _id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<string> _namespaces = [];
    private readonly int _subnet = RandomNumberGenerator.GetInt32(1, 250);
    private int _links;

    private NetworkLab()
    {
    }

    /// <summary>The address the test's own namespace has on the lab's network.</summary>
    public string TestAddress => Address(254);

    public string Hub => $"pharos-{_id}-hub";

    /// <summary>Skips (outside CI) unless root with `ip`, then builds the hub.</summary>
    public static NetworkLab Create()
    {
        Requirements.File("/usr/bin/ip", "iproute2 (ip)");
        if (Environment.UserName != "root")
        {
            if (Requirements.InCi)
            {
                throw new InvalidOperationException("network namespace tests need root in CI");
            }

            Skip.If(true, "network namespace tests need root");
        }

        var lab = new NetworkLab();
        try
        {
            Run($"netns add {lab.Hub}");
            Run($"-n {lab.Hub} link add br0 type bridge");
            Run($"-n {lab.Hub} link set br0 up");
            lab.Join(null, 254);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"10.213.{_subnet}.{host}");

    /// <summary>A new namespace on the lab network at 10.213.x.<paramref name="host"/>; returns its name.</summary>
    public string AddMember(string name, int host)
    {
        var ns = $"pharos-{_id}-{name}";
        Run($"netns add {ns}");
        _namespaces.Add(ns);
        Run($"-n {ns} link set lo up");
        Join(ns, host);
        return ns;
    }

    /// <summary>Drops what <paramref name="ns"/> sends to <paramref name="address"/>: the local sender gets an error at once.</summary>
    public void Cut(string ns, string address) => Run($"-n {ns} route add blackhole {address}/32");

    public void Mend(string ns, string address) => Run($"-n {ns} route del blackhole {address}/32");

    /// <summary>Starts a program inside a namespace; the caller disposes (kills) it.</summary>
    public static Process Start(string ns, string file, params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns, file }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public void Dispose()
    {
        foreach (var ns in _namespaces.Append(Hub))
        {
            // Deleting a namespace removes its interfaces, and a veth's peer with them.
            TryRun($"netns del {ns}");
        }
    }

    private void Join(string? ns, int host)
    {
        var n = _links++;
        var inside = $"ph{_id}{n}a";
        var port = $"ph{_id}{n}b";
        Run($"link add {inside} type veth peer name {port}");
        Run($"link set {port} netns {Hub}");
        Run($"-n {Hub} link set {port} master br0");
        Run($"-n {Hub} link set {port} up");
        if (ns is not null)
        {
            Run($"link set {inside} netns {ns}");
        }

        var where = ns is null ? "" : $"-n {ns} ";
        Run($"{where}addr add {Address(host)}/24 dev {inside}");
        Run($"{where}link set {inside} up");
    }

    private static void Run(string args)
    {
        var (code, output) = Exec(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {args} failed ({code}): {output}");
        }
    }

    private static void TryRun(string args) => Exec(args);

    private static (int Code, string Output) Exec(string args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(10_000))
        {
            p.Kill();
            return (-1, "timed out");
        }

        return (p.ExitCode, output);
    }
}
