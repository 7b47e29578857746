namespace Pharos.Notifications;

/// <summary>
/// What a message says, independent of the channel that carries it: each channel renders it in its own format
/// (an email, a Slack block, a PagerDuty event).
/// </summary>
public sealed record Notice
{
    /// <summary>The stored notice's id; 0 until stored.</summary>
    public long Id { get; init; }

    /// <summary>The event kind, such as check.down, failover.failed_over or incident.update_posted.</summary>
    public required string Kind { get; init; }

    public Severity Severity { get; init; } = Severity.Info;

    /// <summary>check, policy, incident, maintenance…; with <see cref="SubjectId"/> it names what the notice is about.</summary>
    public required string SubjectType { get; init; }

    public required string SubjectId { get; init; }

    /// <summary>One line, for a subject or a push title.</summary>
    public required string Title { get; init; }

    /// <summary>Plain text, a few lines.</summary>
    public required string Text { get; init; }

    /// <summary>Where to read more (the incident page, the admin's policy page).</summary>
    public string? Url { get; init; }

    /// <summary>Named values for templates and structured channels (check, policy, status, error…).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset At { get; init; }

    /// <summary>The event it came from; 0 for notices that no event caused (a test message).</summary>
    public long EventSequence { get; init; }

    /// <summary>Whether this notice tells that something recovered (check up, back on primary, incident resolved).</summary>
    public bool IsRecovery => EventKinds.IsRecovery(Kind);

    /// <summary>The key that pairs a problem with its recovery, such as check:web or policy:shop.</summary>
    public string SubjectKey => $"{SubjectType}:{SubjectId}";
}
