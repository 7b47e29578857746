using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Failover.Parity;

/// <summary>
/// Decides what a parity run tells operators: a difference not seen at the previous run raises one `parity.drift`,
/// the same difference again raises nothing, and the run that finds the two sides agreeing raises `parity.cleared`.
/// </summary>
public static class ParityEvents
{
    /// <summary>The subject type of the alerts, apart from the policy's moves and record audit so a recovery closes only these.</summary>
    public const string SubjectType = "policy-parity";

    /// <summary>The run's report with <see cref="ParityReport.DriftSince"/> carried over, and the events it raises.</summary>
    public static (ParityReport Report, IReadOnlyList<DomainEvent> Events) Of(FailoverPolicy policy, ParityReport? previous, ParityReport run, Uri publicUrl)
    {
        var before = previous?.Signatures ?? new HashSet<string>(StringComparer.Ordinal);
        if (!run.HasDrift)
        {
            var cleared = before.Count > 0
                ? [Create(EventKinds.ParityCleared, policy, run, $"Standby matches the primary again: {policy.Id}", $"Every compared request and certificate of {policy.Id} agrees between primary and standby again.", publicUrl)]
                : Array.Empty<DomainEvent>();
            return (run with { DriftSince = null }, cleared);
        }

        var since = previous is { HasDrift: true, DriftSince: { } s } ? s : run.At;
        var report = run with { DriftSince = since };
        var fresh = run.Drifts.Where(f => !before.Contains(f.Signature)).ToList();
        if (fresh.Count == 0)
        {
            return (report, []);
        }

        var text = $"The standby of {policy.Id} ({run.Standby}) does not answer as the primary ({run.Primary}) does:\n"
            + string.Join("\n", fresh.Select(f => "- " + f))
            + "\nA failover now would move customers to an environment that differs.";
        return (report, [Create(EventKinds.ParityDrift, policy, run, $"Parity drift: {policy.Id}", text, publicUrl)]);
    }

    private static DomainEvent Create(string kind, FailoverPolicy policy, ParityReport run, string title, string text, Uri publicUrl)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy"] = policy.Id,
            [NoticeData.Name] = policy.Id,
            ["drift"] = string.Join("; ", run.Drifts.Select(f => f.ToString())),
        };
        if (policy.Components.Count > 0)
        {
            data[NoticeData.Components] = string.Join(',', policy.Components);
        }

        return OperationalEvent.Create(kind, SubjectType, policy.Id, run.At, FailoverEvents.SystemActor, title, text, data, new Uri(publicUrl, $"admin/failover/{policy.Id}").AbsoluteUri);
    }
}
