using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Cluster;

/// <summary>This process as the cluster sees it: a stable node id, an id for this run, and what it runs.</summary>
public sealed record NodeIdentity(string Id, string InstanceId, string Version, string Host)
{
    /// <summary>
    /// The configured id, or the host name with a short hash of the data folder: stable across restarts of the same node
    /// (so a restarted leader takes its lease straight back) and distinct for two nodes on one host.
    /// </summary>
    public static NodeIdentity For(NodeConfig config, string dataDirectory)
    {
        var host = Environment.MachineName;
        var id = config.Id ?? $"{host}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..6]}";
        return new NodeIdentity(id, Guid.NewGuid().ToString("N")[..12], VersionOf(typeof(NodeIdentity).Assembly), host);
    }

    public static string VersionOf(Assembly assembly)
    {
        var v = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "0";
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? v[..(plus + Math.Min(8, v.Length - plus))] : v;
    }
}
