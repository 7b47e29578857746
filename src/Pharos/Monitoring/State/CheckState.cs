using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.State;

/// <summary>What a check is taken to be, after hysteresis; Pending until its first result.</summary>
public enum CheckHealth
{
    Pending = 0,
    Up = 1,
    Degraded = 2,
    Down = 3,
}

/// <summary>
/// A check's state with hysteresis (gatus's failure/success thresholds): <c>fail_after</c> failures in a row make
/// it down, <c>recover_after</c> non-failures in a row bring it back; slow answers in a row make it degraded the
/// same way. Immutable, so the transition is a pure function that tests can drive step by step.
/// </summary>
public sealed record CheckState
{
    public CheckHealth Health { get; init; } = CheckHealth.Pending;

    public int ConsecutiveFailures { get; init; }

    /// <summary>Up or degraded results in a row: what recovery from down counts.</summary>
    public int ConsecutivePasses { get; init; }

    /// <summary>Degraded or failed results in a row: what makes an up check degraded.</summary>
    public int ConsecutiveSlowOrWorse { get; init; }

    /// <summary>Fully up results in a row: what brings a degraded check back to up.</summary>
    public int ConsecutiveUps { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? LastResultAt { get; init; }

    public string? LastMessage { get; init; }

    public static CheckState Initial { get; } = new();

    /// <summary>The state after one more result.</summary>
    public CheckState Apply(CheckOutcome outcome, DateTimeOffset at, string? message, int failAfter, int recoverAfter)
    {
        var failed = outcome == CheckOutcome.Down;
        var next = this with
        {
            ConsecutiveFailures = failed ? ConsecutiveFailures + 1 : 0,
            ConsecutivePasses = failed ? 0 : ConsecutivePasses + 1,
            ConsecutiveSlowOrWorse = outcome == CheckOutcome.Up ? 0 : ConsecutiveSlowOrWorse + 1,
            ConsecutiveUps = outcome == CheckOutcome.Up ? ConsecutiveUps + 1 : 0,
            LastResultAt = at,
            LastMessage = message,
        };
        var health = NextHealth(next, outcome, failAfter, recoverAfter);
        return health == Health ? next : next with { Health = health, Since = at };
    }

    private CheckHealth NextHealth(CheckState n, CheckOutcome outcome, int failAfter, int recoverAfter)
    {
        switch (Health)
        {
            case CheckHealth.Pending:
                // The first result is believed for up and degraded; a failure still needs fail_after in a row.
                return n.ConsecutiveFailures >= failAfter ? CheckHealth.Down
                    : outcome == CheckOutcome.Up ? CheckHealth.Up
                    : outcome == CheckOutcome.Degraded ? CheckHealth.Degraded
                    : CheckHealth.Pending;
            case CheckHealth.Down:
                return n.ConsecutivePasses < recoverAfter ? CheckHealth.Down
                    : n.ConsecutiveUps >= recoverAfter ? CheckHealth.Up : CheckHealth.Degraded;
            case CheckHealth.Degraded:
                return n.ConsecutiveFailures >= failAfter ? CheckHealth.Down
                    : n.ConsecutiveUps >= recoverAfter ? CheckHealth.Up : CheckHealth.Degraded;
            default:
                return n.ConsecutiveFailures >= failAfter ? CheckHealth.Down
                    : n.ConsecutiveSlowOrWorse >= failAfter ? CheckHealth.Degraded : CheckHealth.Up;
        }
    }
}
