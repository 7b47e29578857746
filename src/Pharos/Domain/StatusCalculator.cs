namespace Pharos.Domain;

/// <summary>Derives what the page says from what is open: the rules of DESIGN.md, in one place.</summary>
public static class StatusCalculator
{
    /// <summary>
    /// A component shows the worst of: its active maintenance, the open incidents that name it, and its checks.
    /// </summary>
    public static ComponentStatus ComponentStatusOf(
        string componentId,
        IEnumerable<Incident> incidents,
        IEnumerable<Maintenance> maintenances,
        ComponentStatus? fromChecks = null)
    {
        var worst = fromChecks ?? ComponentStatus.Operational;
        foreach (var m in maintenances)
        {
            if (m.IsActive && m.ComponentIds.Contains(componentId, StringComparer.Ordinal))
            {
                worst = Max(worst, ComponentStatus.UnderMaintenance);
            }
        }

        foreach (var i in incidents)
        {
            if (!i.IsOpen)
            {
                continue;
            }

            foreach (var c in i.Components)
            {
                if (string.Equals(c.ComponentId, componentId, StringComparison.Ordinal))
                {
                    worst = Max(worst, c.Status);
                }
            }
        }

        return worst;
    }

    /// <summary>A group shows its worst member.</summary>
    public static ComponentStatus Worst(IEnumerable<ComponentStatus> statuses) =>
        statuses.DefaultIfEmpty(ComponentStatus.Operational).Max();

    /// <summary>
    /// The page indicator: the highest of the open incidents' impacts and of what the components say;
    /// "maintenance" when nothing worse than maintenance is under way.
    /// </summary>
    public static PageIndicator IndicatorOf(
        IEnumerable<ComponentStatus> componentStatuses,
        IEnumerable<Incident> incidents,
        IEnumerable<Maintenance> maintenances)
    {
        var impact = IncidentImpact.None;
        var anyMaintenance = maintenances.Any(m => m.IsActive);
        foreach (var s in componentStatuses)
        {
            impact = Max(impact, ImpactOf(s));
            anyMaintenance |= s == ComponentStatus.UnderMaintenance;
        }

        foreach (var i in incidents)
        {
            if (i.IsOpen)
            {
                impact = Max(impact, i.Impact);
            }
        }

        return impact switch
        {
            IncidentImpact.Critical => PageIndicator.Critical,
            IncidentImpact.Major => PageIndicator.Major,
            IncidentImpact.Minor => PageIndicator.Minor,
            _ => anyMaintenance ? PageIndicator.Maintenance : PageIndicator.None,
        };
    }

    /// <summary>Statuspage's descriptions for each indicator.</summary>
    public static string DescriptionOf(PageIndicator indicator) => indicator switch
    {
        PageIndicator.None => "All Systems Operational",
        PageIndicator.Minor => "Minor Service Outage",
        PageIndicator.Major => "Partial System Outage",
        PageIndicator.Critical => "Major System Outage",
        PageIndicator.Maintenance => "Service Under Maintenance",
        _ => throw new ArgumentOutOfRangeException(nameof(indicator)),
    };

    /// <summary>The impact of the worst of several component statuses (none when there are none).</summary>
    public static IncidentImpact ImpactOf(IEnumerable<ComponentStatus> statuses) => ImpactOf(Worst(statuses));

    /// <summary>What a component status implies for the page indicator and for an incident's impact: the one map.</summary>
    public static IncidentImpact ImpactOf(ComponentStatus status) => status switch
    {
        ComponentStatus.DegradedPerformance => IncidentImpact.Minor,
        ComponentStatus.PartialOutage => IncidentImpact.Major,
        ComponentStatus.MajorOutage => IncidentImpact.Critical,
        _ => IncidentImpact.None,
    };

    private static ComponentStatus Max(ComponentStatus a, ComponentStatus b) => a >= b ? a : b;

    private static IncidentImpact Max(IncidentImpact a, IncidentImpact b) => a >= b ? a : b;
}
