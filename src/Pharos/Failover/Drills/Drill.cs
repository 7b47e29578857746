using Pharos.Audit;

namespace Pharos.Failover.Drills;

/// <summary>Where a drill stands; only Requested and Running are unfinished.</summary>
public enum DrillStatus
{
    /// <summary>Asked for; the leading node starts it within a second or two.</summary>
    Requested,

    /// <summary>Steps are being taken; the names may be on the standby.</summary>
    Running,

    /// <summary>Failed over, held, failed back, every step verified.</summary>
    Succeeded,

    /// <summary>A step failed after the names moved; they were returned to the primary (or left to the machine when the primary died).</summary>
    Failed,

    /// <summary>Stopped before its end: a pre-check failed (nothing moved), an operator aborted, or the node running it stopped.</summary>
    Aborted,
}

/// <summary>How a step ended: still running, done, or not.</summary>
public enum DrillStepOutcome
{
    Running,
    Ok,
    Failed,
}

/// <summary>One step of a drill's timeline, with the time until every nameserver agreed where the step moved names.</summary>
public sealed record DrillStep
{
    public required string Name { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public DrillStepOutcome Outcome { get; init; } = DrillStepOutcome.Running;

    public string Detail { get; init; } = "";

    /// <summary>For a move: from the command to every nameserver answering the new side.</summary>
    public TimeSpan? ConsistentAfter { get; init; }

    public TimeSpan? Took => EndedAt - StartedAt;

    public override string ToString() =>
        $"{Name}: {Outcome.ToString().ToLowerInvariant()}{(Took is { } t ? $" in {t.TotalSeconds:F1} s" : "")}{(ConsistentAfter is { } c ? $", consistent on every nameserver after {c.TotalMilliseconds:F0} ms" : "")}{(Detail.Length > 0 ? $": {Detail}" : "")}";
}

/// <summary>One drill of one policy: who asked, how long to hold, its timeline and how it ended.</summary>
public sealed record Drill
{
    public long Id { get; init; }

    public required string PolicyId { get; init; }

    public DrillStatus Status { get; init; } = DrillStatus.Requested;

    public required Actor Actor { get; init; }

    /// <summary>How long the names stay on the standby before they move back.</summary>
    public required TimeSpan Hold { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public bool AbortRequested { get; init; }

    /// <summary>One line for people: why it ended as it did.</summary>
    public string? Outcome { get; init; }

    public IReadOnlyList<DrillStep> Steps { get; init; } = [];

    public bool IsOpen => Status is DrillStatus.Requested or DrillStatus.Running;

    /// <summary>The reason every move of this drill carries in the failover history.</summary>
    public string Reason => $"drill {Id}";

    /// <summary>The marker a drill's moves leave on the policy's state, so its moves read as planned.</summary>
    public string Marker => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Drill Begin(string step, DateTimeOffset at) => this with { Steps = [.. Steps, new DrillStep { Name = step, StartedAt = at }] };

    /// <summary>Ends the step begun last.</summary>
    public Drill End(DrillStepOutcome outcome, string detail, DateTimeOffset at, TimeSpan? consistentAfter = null) =>
        Steps.Count == 0 ? this : this with { Steps = [.. Steps.Take(Steps.Count - 1), Steps[^1] with { Outcome = outcome, Detail = detail, EndedAt = at, ConsistentAfter = consistentAfter }] };

    public Drill Finish(DrillStatus status, string outcome, DateTimeOffset at) => this with { Status = status, Outcome = outcome, EndedAt = at };
}
