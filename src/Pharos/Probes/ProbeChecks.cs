using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pharos.Monitoring.Locations;
using YamlDotNet.RepresentationModel;

namespace Pharos.Probes;

/// <summary>
/// The checks a location runs, as `checks:` YAML that the probe reads with the server's own reader: one format, one
/// set of rules. Built once per location (the config is immutable), with an ETag so a probe's refetch costs nothing
/// when they have not changed.
/// </summary>
public sealed class ProbeChecks(LocationPlan plan, PortableChecks portable)
{
    private readonly ConcurrentDictionary<string, (string Yaml, string Etag)> _byLocation = new(StringComparer.Ordinal);

    public (string Yaml, string Etag) For(string location) => _byLocation.GetOrAdd(location, Build);

    private (string Yaml, string Etag) Build(string location)
    {
        // Expanded checks share their source: each check as written goes once.
        var ids = plan.ChecksAt(location).Select(c => c.BaseId).Distinct(StringComparer.Ordinal).Where(portable.Nodes.ContainsKey);
        var list = new YamlSequenceNode(ids.Select(id => (YamlNode)portable.Nodes[id]));
        var root = new YamlMappingNode { { "checks", list } };
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var yaml = writer.ToString();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)))[..32] + "\"";
        return (yaml, etag);
    }
}

/// <summary>The checks as written in pharos.yaml, in the form a probe reads back (see ChecksReader's portable output).</summary>
public sealed record PortableChecks(IReadOnlyDictionary<string, YamlMappingNode> Nodes);
