using System.Net;
using System.Text;

namespace Pharos.Failover.Drills;

/// <summary>What a drill of a policy will do, step by step, with the names, nameservers and records expected: the dry run.</summary>
public sealed record DrillPlan(FailoverPolicy Policy, IReadOnlyList<IPEndPoint> Nameservers, TimeSpan Hold, IReadOnlyList<string> Prechecks)
{
    /// <summary>The built-in pre-checks, in the order they run (others registered by extensions run after them).</summary>
    public static IReadOnlyList<string> BuiltinPrechecks { get; } = ["steady on a healthy primary", "standby ready", "live records as expected"];

    public IReadOnlyList<string> Steps
    {
        get
        {
            var ns = Nameservers.Count == 0 ? "(no nameservers to ask: the policy names none and its provider has no server)" : string.Join(", ", Nameservers);
            var site = Policy.Drill.VerifyUrl is { } url
                ? $"ask {url} at the standby's address ({FirstAddress(Policy.Failover)?.ToString() ?? "none"}), as a customer would: it must answer 2xx or 3xx"
                : Policy.StandbyChecks.Count > 0
                    ? $"the standby checks ({string.Join(", ", Policy.StandbyChecks)}) must still pass"
                    : "nothing to ask (set drill.verify_url or standby_checks to have the failover site checked)";
            return
            [
                $"pre-checks: {string.Join("; ", Prechecks)}. If any fails the drill stops and nothing moves.",
                $"fail over: move {string.Join(", ", Policy.Names)} to the standby (a manual move, planned: no incident on the page), then wait until every nameserver ({ns}) answers {Policy.Failover} with TTL {(int)Policy.Ttl.TotalSeconds}; the time until they all do is reported.",
                $"verify the failover site: {site}.",
                $"hold {DrillStore.DurationText(Hold)} on the standby, watching for an abort, the primary failing (then the names stay on the standby and the failover machine takes over) and the standby failing (then they go back).",
                $"fail back: move the names to the primary, then wait until every nameserver answers {Policy.Primary} with TTL {(int)Policy.Ttl.TotalSeconds}; reported likewise.",
                "verify again: resume automatic control and audit the live records against the primary.",
            ];
        }
    }

    public string Text()
    {
        var b = new StringBuilder();
        b.Append("Drill plan for ").Append(Policy.Id).Append(" (hold ").Append(DrillStore.DurationText(Hold)).AppendLine(")");
        b.Append("  names: ").Append(string.Join(", ", Policy.Names)).Append(" (TTL ").Append((int)Policy.Ttl.TotalSeconds).Append(" s, provider ").Append(Policy.Provider.Kind).AppendLine(")");
        b.Append("  nameservers: ").AppendLine(Nameservers.Count == 0 ? "(none)" : string.Join(", ", Nameservers));
        b.Append("  primary: ").AppendLine(Policy.Primary.ToString());
        b.Append("  standby: ").AppendLine(Policy.Failover.ToString());
        var i = 0;
        foreach (var step in Steps)
        {
            b.Append("  ").Append(++i).Append(". ").AppendLine(step);
        }

        b.AppendLine("  An abort at any step returns the names to the primary and verifies them; a restart of the node running the drill does the same.");
        return b.ToString();
    }

    internal static IPAddress? FirstAddress(RecordTargets side) => side.A.Concat(side.Aaaa).FirstOrDefault();
}
