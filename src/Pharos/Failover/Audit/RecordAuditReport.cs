using System.Globalization;
using System.Text;

namespace Pharos.Failover.Audit;

/// <summary>The audit as text, for the command line and the alert: one line per source, name and type.</summary>
public static class RecordAuditReport
{
    public static string Text(FailoverPolicy policy, RecordAuditResult result)
    {
        var text = new StringBuilder();
        var side = result.Side == FailoverSide.Primary ? "primary" : "failover";
        text.AppendLine(CultureInfo.InvariantCulture, $"{policy.Id}: {result.Outcome} (live side {side}, TTL {(int)policy.Ttl.TotalSeconds}, at {result.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)");
        foreach (var f in result.Findings.OrderBy(f => f.IsDrift ? 0 : 1).ThenBy(f => f.Source, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(f.IsDrift ? "DRIFT" : "ok   ")} {f}");
        }

        return text.ToString();
    }
}
