using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.FailoverSite;

/// <summary>Reads `failover_site.proxy`; every error names the file, the line and the field.</summary>
internal static class ProxyConfigReader
{
    public static ProxyConfig? Read(YamlReader r, YamlMappingNode site, string where, IReadOnlyCollection<string> policies)
    {
        var node = YamlReader.Get(site, "proxy");
        if (node is null)
        {
            return null;
        }

        where += ".proxy";
        if (r.AsMapping(node, where) is not { } map)
        {
            return null;
        }

        r.RejectUnknownKeys(map, where, "policy", "upstream", "connect_timeout", "timeout");
        var policy = r.String(map, "policy", where, required: true);
        if (policy is not null && !policies.Contains(policy))
        {
            var known = policies.Count == 0 ? "no policies are configured under failover.policies" : $"known: {string.Join(", ", policies)}";
            r.Error(YamlReader.Get(map, "policy"), $"{where}: 'policy' names no failover policy '{policy}' ({known})");
        }

        var text = r.String(map, "upstream", where, required: true);
        Uri? upstream = null;
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out upstream) || upstream.Scheme is not ("http" or "https") || upstream.Query.Length > 0 || upstream.Fragment.Length > 0))
        {
            r.Error(YamlReader.Get(map, "upstream"), $"{where}: 'upstream' must be an absolute http(s) URL without query, such as http://127.0.0.1:8080 (got '{text}')");
            upstream = null;
        }

        var connect = r.Duration(map, "connect_timeout", where, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)) ?? TimeSpan.FromSeconds(2);
        var timeout = r.Duration(map, "timeout", where, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(100);
        return policy is null || upstream is null ? null : new ProxyConfig { Policy = policy, Upstream = upstream, ConnectTimeout = connect, Timeout = timeout };
    }
}
