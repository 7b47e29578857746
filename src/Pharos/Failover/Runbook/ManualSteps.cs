using System.Globalization;
using System.Text;
using Pharos.Config;
using Pharos.Failover.Providers;

namespace Pharos.Failover.Runbook;

/// <summary>The commands that move a policy's records by hand, one subclass per provider.</summary>
public abstract class ManualSteps(FailoverPolicy policy)
{
    protected FailoverPolicy Policy { get; } = policy;

    protected uint Ttl => (uint)Policy.Ttl.TotalSeconds;

    public static ManualSteps For(FailoverPolicy policy) => policy.Provider switch
    {
        Rfc2136ProviderConfig c => new NsupdateSteps(policy, c),
        CloudflareProviderConfig c => new CloudflareSteps(policy, c),
        BuiltinProviderConfig c => new ZoneFileSteps(policy, c),
        _ => throw new ArgumentException($"no manual steps for provider '{policy.Provider.Kind}'", nameof(policy)),
    };

    /// <summary>Markdown: a sentence and a ready-to-run block that makes every name answer <paramref name="side"/>.</summary>
    public abstract string Move(FailoverSide side);

    /// <summary>Each record of the side: the name, type and value in presentation form.</summary>
    protected IEnumerable<(Dns.DnsName Name, Dns.DnsType Type, string Value)> Records(FailoverSide side) =>
        Policy.Names.SelectMany(n => Policy.Types.SelectMany(t => Policy.TargetsFor(side).Values(t).Select(v => (n, t, v))));

    protected static string Secret(SecretSource source, string variable) => source switch
    {
        FileSecret f => $"{variable}=\"$(cat {f.Path})\"",
        EnvironmentSecret e => $"{variable}=\"${e.Variable}\"",
        _ => $"{variable}=...",
    };
}

/// <summary>`rfc2136`: one nsupdate message per move, which the server applies all together or not at all.</summary>
internal sealed class NsupdateSteps(FailoverPolicy policy, Rfc2136ProviderConfig config) : ManualSteps(policy)
{
    public override string Move(FailoverSide side)
    {
        var md = new StringBuilder();
        var keyFile = config.TsigKey is FileSecret f ? f.Path : "/run/pharos-update.key";
        md.AppendLine(CultureInfo.InvariantCulture, $"One signed update to `{config.Server}` replaces every record of the set (the server applies it all or nothing):");
        md.AppendLine();
        md.AppendLine("```sh");
        if (config.TsigKey is EnvironmentSecret e)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"printf '%s\\n' \"${e.Variable}\" > {keyFile}   # the BIND key file Pharos reads from ${e.Variable}");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"nsupdate -k {keyFile} <<'EOF'");
        md.AppendLine(CultureInfo.InvariantCulture, $"server {config.Server.Address} {config.Server.Port}");
        md.AppendLine(CultureInfo.InvariantCulture, $"zone {Policy.Zone}");
        var records = Records(side).ToList();
        foreach (var name in Policy.Names)
        {
            foreach (var type in Policy.Types)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"update delete {name} {type}");
                foreach (var r in records.Where(r => r.Name == name && r.Type == type))
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"update add {name} {Ttl} {type} {r.Value}");
                }
            }
        }

        md.AppendLine("send");
        md.AppendLine("EOF");
        md.AppendLine("```");
        md.AppendLine();
        return md.ToString();
    }
}

/// <summary>`cloudflare`: the ids of the records to replace, then one batch (deletes and posts in one transaction).</summary>
internal sealed class CloudflareSteps(FailoverPolicy policy, CloudflareProviderConfig config) : ManualSteps(policy)
{
    public override string Move(FailoverSide side)
    {
        var md = new StringBuilder();
        md.AppendLine("The ids of the records to replace, then one batch call that deletes them and posts the new ones in one transaction (records not proxied, so the TTL is what resolvers see). Needs `curl` and `jq`.");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(Secret(config.ApiToken, "CF_API_TOKEN"));
        md.AppendLine(CultureInfo.InvariantCulture, $"API={config.ApiBase.AbsoluteUri.TrimEnd('/')}");
        md.AppendLine(CultureInfo.InvariantCulture, $"ZONE_ID={config.ZoneId}");
        md.AppendLine("ids=$( {");
        foreach (var name in Policy.Names)
        {
            foreach (var type in Policy.Types)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"  curl -fsS -H \"Authorization: Bearer $CF_API_TOKEN\" \"$API/zones/$ZONE_ID/dns_records?type={type}&name={Bare(name.ToString())}&per_page=100\"");
            }
        }

        md.AppendLine("} | jq -s -c '[.[].result[] | {id: .id}]' )");
        md.AppendLine("curl -fsS -X POST -H \"Authorization: Bearer $CF_API_TOKEN\" -H \"Content-Type: application/json\" \"$API/zones/$ZONE_ID/dns_records/batch\" --data @- <<EOF");
        var posts = Records(side).Select(r => $"  {{\"type\": \"{r.Type}\", \"name\": \"{Bare(r.Name.ToString())}\", \"content\": \"{Bare(r.Value)}\", \"ttl\": {Ttl}, \"proxied\": false}}");
        md.AppendLine("{\"deletes\": $ids, \"posts\": [");
        md.AppendLine(string.Join(",\n", posts));
        md.AppendLine("]}");
        md.AppendLine("EOF");
        md.AppendLine("```");
        md.AppendLine();
        return md.ToString();
    }

    private static string Bare(string name) => name.TrimEnd('.');
}

/// <summary>`builtin`: Pharos's own server stops with Pharos; a secondary is made to serve the side from a zone file.</summary>
internal sealed class ZoneFileSteps(FailoverPolicy policy, BuiltinProviderConfig config) : ManualSteps(policy)
{
    public override string Move(FailoverSide side)
    {
        var md = new StringBuilder();
        md.AppendLine("Pharos's own authoritative server stops with Pharos; the secondaries it NOTIFYs keep serving the last zone they transferred until its SOA expire. On the server that will answer (a secondary made primary, or Pharos's host once it can start), replace these names' lines in the zone file with:");
        md.AppendLine();
        md.AppendLine("```dns");
        foreach (var name in Policy.Names)
        {
            foreach (var type in Policy.Types)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"; {name} {type}: delete every existing line of this name and type");
            }
        }

        foreach (var r in Records(side))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"{r.Name} {Ttl} IN {r.Type} {r.Value}");
        }

        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Raise the SOA serial above the one served now, then reload the zone:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(CultureInfo.InvariantCulture, $"rndc reload {Policy.Zone}          # BIND");
        md.AppendLine(CultureInfo.InvariantCulture, $"knotc zone-reload {Policy.Zone}    # Knot");
        md.AppendLine(CultureInfo.InvariantCulture, $"nsd-control reload {Policy.Zone}   # NSD");
        md.AppendLine("```");
        md.AppendLine();
        if (config.ZoneFile is { } file)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Pharos starts from `{file}` and then serves the side it stored; once it runs again, move the policy with `./pharos failover` rather than editing that file.");
            md.AppendLine();
        }

        return md.ToString();
    }
}
