using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Failover.Audit;

/// <summary>
/// Decides what an audit run tells operators: a drift not seen at the previous run raises one alert, the same drift
/// again raises nothing, and the run that finds everything back as expected raises the recovery notice.
/// </summary>
public static class RecordDriftEvents
{
    /// <summary>The subject type of the alerts, apart from the policy's own moves so that a recovery closes only these.</summary>
    public const string SubjectType = "policy-records";

    /// <summary>The run's result with <see cref="RecordAuditResult.DriftSince"/> carried over, and the events it raises.</summary>
    public static (RecordAuditResult Result, IReadOnlyList<DomainEvent> Events) Of(FailoverPolicy policy, RecordAuditResult? previous, RecordAuditResult run, Uri publicUrl)
    {
        var before = previous?.Signatures ?? new HashSet<string>(StringComparer.Ordinal);
        if (!run.HasDrift)
        {
            var cleared = before.Count > 0
                ? [Create(EventKinds.FailoverRecordDriftCleared, policy, run, $"Records as expected again: {policy.Id}", $"Every nameserver serves the {Side(run)} records of {policy.Id} with TTL {(int)policy.Ttl.TotalSeconds} s again.", publicUrl)]
                : Array.Empty<DomainEvent>();
            return (run with { DriftSince = null }, cleared);
        }

        var since = previous is { HasDrift: true, DriftSince: { } s } ? s : run.At;
        var result = run with { DriftSince = since };
        var fresh = run.Drifts.Where(f => f.Signatures.Any(sig => !before.Contains(sig))).ToList();
        if (fresh.Count == 0)
        {
            return (result, []);
        }

        var text = $"The live records of {policy.Id} differ from the {Side(run)} side Pharos expects:\n"
            + string.Join("\n", fresh.Select(f => "- " + f))
            + "\nA record changed by hand moves traffic behind Pharos's back; a long TTL keeps customers on the old side after a failover.";
        return (result, [Create(EventKinds.FailoverRecordDrift, policy, run, $"Record drift: {policy.Id}", text, publicUrl)]);
    }

    private static DomainEvent Create(string kind, FailoverPolicy policy, RecordAuditResult run, string title, string text, Uri publicUrl)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy"] = policy.Id,
            [NoticeData.Name] = policy.Id,
            ["side"] = Side(run),
            ["drift"] = string.Join("; ", run.Drifts.Select(f => f.ToString())),
        };
        if (policy.Components.Count > 0)
        {
            data[NoticeData.Components] = string.Join(',', policy.Components);
        }

        return OperationalEvent.Create(kind, SubjectType, policy.Id, run.At, FailoverEvents.SystemActor, title, text, data, new Uri(publicUrl, $"admin/failover/{policy.Id}").AbsoluteUri);
    }

    private static string Side(RecordAuditResult run) => run.Side == FailoverSide.Primary ? "primary" : "failover";
}
