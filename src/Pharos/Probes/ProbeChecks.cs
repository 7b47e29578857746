using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pharos.Monitoring.Locations;
using YamlDotNet.RepresentationModel;

namespace Pharos.Probes;

/// <summary>
/// The checks a location runs, as `checks:` YAML that the probe reads with the server's own reader: one format, one
/// set of rules. Built once per location and version of the checks (a hostnames file changes them), with an ETag so
/// a probe's refetch costs nothing when they have not changed.
/// </summary>
public sealed class ProbeChecks(LocationPlan plan, PortableChecks portable)
{
    private readonly ConcurrentDictionary<string, (long Version, string Yaml, string Etag)> _byLocation = new(StringComparer.Ordinal);

    public (string Yaml, string Etag) For(string location)
    {
        var version = plan.Version;
        if (!_byLocation.TryGetValue(location, out var built) || built.Version != version)
        {
            built = _byLocation[location] = Build(location, version);
        }

        return (built.Yaml, built.Etag);
    }

    private (long Version, string Yaml, string Etag) Build(string location, long version)
    {
        // Expanded checks share their source: each check as written goes once, with the names it has now.
        var groups = plan.ChecksAt(location).GroupBy(c => c.BaseId, StringComparer.Ordinal).Where(g => portable.Nodes.ContainsKey(g.Key));
        var list = new YamlSequenceNode(groups.Select(g => (YamlNode)WithHostnames(portable.Nodes[g.Key], g.Where(c => c.Hostname is not null).Select(c => c.Hostname!).ToList())));
        var root = new YamlMappingNode { { "checks", list } };
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var yaml = writer.ToString();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)))[..32] + "\"";
        return (version, yaml, etag);
    }

    private static YamlMappingNode WithHostnames(YamlMappingNode node, List<string> hostnames)
    {
        if (hostnames.Count == 0)
        {
            return node;
        }

        var copy = new YamlMappingNode();
        foreach (var (k, v) in node.Children)
        {
            if (k is not YamlScalarNode { Value: "hostnames" })
            {
                copy.Add(k, v);
            }
        }

        copy.Add("hostnames", new YamlSequenceNode(hostnames.Select(h => new YamlScalarNode(h))));
        return copy;
    }
}

/// <summary>The checks as written in pharos.yaml, in the form a probe reads back (see ChecksReader's portable output).</summary>
public sealed record PortableChecks(IReadOnlyDictionary<string, YamlMappingNode> Nodes);
