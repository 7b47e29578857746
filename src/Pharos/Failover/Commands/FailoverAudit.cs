using Pharos.Audit;

namespace Pharos.Failover.Commands;

/// <summary>The audit row of an operator's command, written in the same transaction as the state it produced.</summary>
internal static class FailoverAudit
{
    public static AuditEntry Entry(FailoverCommand command, PolicyState before, PolicyState after, DateTimeOffset at) => new()
    {
        At = at,
        Actor = command.Actor,
        Action = "failover." + command.Kind.Name(),
        TargetType = "failover_policy",
        TargetId = command.PolicyId,
        Summary = $"{command.Kind.Name()} {command.PolicyId}: {command.Reason}",
        Before = AuditJson.Of(Summary(before)),
        After = AuditJson.Of(Summary(after)),
    };

    private static object Summary(PolicyState s) => new { state = s.State.ToString(), live = s.LiveSide.ToString(), pinned = s.PinnedSide?.ToString(), s.LastError };
}
