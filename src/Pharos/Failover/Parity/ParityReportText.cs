using System.Globalization;
using System.Text;

namespace Pharos.Failover.Parity;

/// <summary>The report as text for the command line: a summary line, then the differences in columns, side by side.</summary>
public static class ParityReportText
{
    public static string Write(ParityReport report, bool all)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.PolicyId}: {report.Outcome} (primary {report.Primary}, standby {report.Standby}, at {report.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)");
        var rows = report.Findings.Where(f => all || f.Verdict != ParityVerdict.Same)
            .OrderBy(f => f.Verdict == ParityVerdict.Drift ? 0 : f.Verdict == ParityVerdict.Warning ? 1 : 2)
            .Select(f => new[] { Mark(f.Verdict), f.Request, f.Aspect, f.Primary, f.Standby }).ToList();
        if (rows.Count == 0)
        {
            return text.ToString();
        }

        rows.Insert(0, ["", "REQUEST", "ASPECT", "PRIMARY", "STANDBY"]);
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.Append("  ");
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    private static string Mark(ParityVerdict verdict) => verdict switch
    {
        ParityVerdict.Drift => "DRIFT",
        ParityVerdict.Warning => "WARN",
        _ => "ok",
    };
}
