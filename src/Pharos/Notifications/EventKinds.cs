namespace Pharos.Notifications;

/// <summary>
/// The event kinds routes can name, with their default severity. Incident and maintenance kinds come from
/// Domain.DomainEvents; the operational ones are raised through <see cref="Alerts.IAlertSink"/>.
/// </summary>
public static class EventKinds
{
    public const string CheckDown = "check.down";
    public const string CheckUp = "check.up";
    public const string CheckDegraded = "check.degraded";
    public const string ComponentStatusChanged = "component.status_changed";
    public const string FailoverFailingOver = "failover.failing_over";
    public const string FailoverFailedOver = "failover.failed_over";
    public const string FailoverFailingBack = "failover.failing_back";
    public const string FailoverBackOnPrimary = "failover.back_on_primary";
    public const string FailoverRefused = "failover.refused";
    public const string FailoverProviderError = "failover.provider_error";
    public const string FailoverVerificationFailed = "failover.verification_failed";

    /// <summary>The live-record audit found records that differ from the policy (a TTL, a value, a name missing).</summary>
    public const string FailoverRecordDrift = "failover.record_drift";
    public const string FailoverRecordDriftCleared = "failover.record_drift_cleared";

    /// <summary>The standby environment answers differently from the primary (a page, a header, a certificate).</summary>
    public const string ParityDrift = "parity.drift";
    public const string ParityCleared = "parity.cleared";
    public const string CertificateExpiring = "certificate.expiring";
    public const string HeartbeatSilent = "heartbeat.silent";

    /// <summary>Every check from one location failed at once, canaries included: its results are set aside from quorum.</summary>
    public const string LocationImpaired = "location.impaired";
    public const string LocationRecovered = "location.recovered";
    public const string StorageWriteFailed = "storage.write_failed";

    /// <summary>A file read while running (a hostnames file, a certificate) was refused; the previous version stays in use.</summary>
    public const string ConfigReloadFailed = "config.reload_failed";
    public const string Undeliverable = "notification.undeliverable";
    public const string Test = "notification.test";

    private static readonly Dictionary<string, Severity> Defaults = new(StringComparer.Ordinal)
    {
        [CheckDown] = Severity.Critical,
        [CheckUp] = Severity.Info,
        [CheckDegraded] = Severity.Warning,
        [ComponentStatusChanged] = Severity.Warning,
        [FailoverFailingOver] = Severity.Critical,
        [FailoverFailedOver] = Severity.Critical,
        [FailoverFailingBack] = Severity.Warning,
        [FailoverBackOnPrimary] = Severity.Info,
        [FailoverRefused] = Severity.Critical,
        [FailoverProviderError] = Severity.Critical,
        [FailoverVerificationFailed] = Severity.Critical,
        [FailoverRecordDrift] = Severity.Warning,
        [FailoverRecordDriftCleared] = Severity.Info,
        [ParityDrift] = Severity.Warning,
        [ParityCleared] = Severity.Info,
        [CertificateExpiring] = Severity.Warning,
        [HeartbeatSilent] = Severity.Critical,
        [LocationImpaired] = Severity.Warning,
        [LocationRecovered] = Severity.Info,
        [StorageWriteFailed] = Severity.Critical,
        [ConfigReloadFailed] = Severity.Warning,
        [Undeliverable] = Severity.Critical,
        [Test] = Severity.Info,
    };

    /// <summary>Every operational kind; incident.* and maintenance.* are matched by their prefix.</summary>
    public static IReadOnlyCollection<string> Operational => Defaults.Keys;

    public static Severity DefaultSeverity(string kind) =>
        Defaults.TryGetValue(kind, out var s) ? s
        : kind.StartsWith("incident.", StringComparison.Ordinal) || kind.StartsWith("maintenance.", StringComparison.Ordinal) ? Severity.Info
        : Severity.Warning;

    /// <summary>Whether the kind tells of a recovery, which closes the open alert of its subject.</summary>
    public static bool IsRecovery(string kind) =>
        kind is CheckUp or FailoverBackOnPrimary or FailoverRecordDriftCleared or ParityCleared or LocationRecovered or "incident.resolved" or "maintenance.completed";

    /// <summary>Whether a route's `events` entry (an exact kind, a prefix ending in `.*`, or `*`) matches a kind.</summary>
    public static bool Matches(string pattern, string kind) =>
        pattern == "*" || pattern == kind
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && kind.StartsWith(pattern[..^1], StringComparison.Ordinal));

    /// <summary>Whether a pattern can match anything at all, so a typo in pharos.yaml is an error.</summary>
    public static bool IsKnownPattern(string pattern) =>
        pattern == "*" || Defaults.ContainsKey(pattern)
        || pattern is "incident.*" or "maintenance.*"
        || Domain.DomainEvents.Kinds.Contains(pattern)
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && Defaults.Keys.Any(k => k.StartsWith(pattern[..^1], StringComparison.Ordinal)));
}
