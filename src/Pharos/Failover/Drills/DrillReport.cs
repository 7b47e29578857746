using System.Globalization;
using System.Text;

namespace Pharos.Failover.Drills;

/// <summary>A drill's report as text: how it ended, then the timeline with each step's time to consistency.</summary>
public static class DrillReport
{
    public static string Text(Drill d)
    {
        var b = new StringBuilder();
        b.Append("drill ").Append(d.Id).Append(" of ").Append(d.PolicyId).Append(": ").Append(d.Status.ToString().ToLowerInvariant())
            .Append(", requested ").Append(Time(d.RequestedAt)).Append(" by ").Append(d.Actor).Append(", hold ").AppendLine(DrillStore.DurationText(d.Hold));
        if (d.Outcome is not null)
        {
            b.Append("  ").AppendLine(d.Outcome);
        }

        foreach (var s in d.Steps)
        {
            b.Append("  ").Append(Time(s.StartedAt)).Append(' ').AppendLine(s.ToString());
        }

        if (Duration(d) is { } took)
        {
            b.Append("  total ").Append(took.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)).AppendLine(" s");
        }

        return b.ToString();
    }

    /// <summary>From the first step to the end, once ended.</summary>
    public static TimeSpan? Duration(Drill d) => d.EndedAt - (d.StartedAt ?? d.RequestedAt);

    public static string Time(DateTimeOffset t) => t.ToString("u", CultureInfo.InvariantCulture);
}
