namespace Pharos.Failover.Commands;

/// <summary>
/// What became of an operator's command. Only <see cref="Done"/> is a success, and it is returned only once the
/// new state, its transition and the audit row are saved; the records are published after that, by the controller.
/// </summary>
public abstract record FailoverCommandResult
{
    private FailoverCommandResult()
    {
    }

    public bool Succeeded => this is Done;

    /// <summary>One line for people: the CLI prints it, the admin shows it, the API puts it in the problem's detail.</summary>
    public abstract string Message { get; }

    /// <summary>Saved: <paramref name="State"/> is the policy's state now; <paramref name="Moved"/> is false when it already stood there.</summary>
    public sealed record Done(PolicyState State, bool Moved) : FailoverCommandResult
    {
        public override string Message =>
            $"{State.PolicyId} is {State.State}, wanting {State.WantedSide}, live {State.LiveSide}{(Moved ? "" : " (unchanged)")}";
    }

    public sealed record UnknownPolicy(string PolicyId) : FailoverCommandResult
    {
        public override string Message => $"no failover policy '{PolicyId}'";
    }

    /// <summary>The command itself is wrong (no reason, an unknown verb); nothing was tried.</summary>
    public sealed record Invalid(string Field, string Problem) : FailoverCommandResult
    {
        public override string Message => Problem;
    }

    /// <summary>The new state could not be saved, so nothing changed and nothing will be published.</summary>
    public sealed record SaveFailed(string PolicyId, string Error) : FailoverCommandResult
    {
        public override string Message => $"{PolicyId}: the new state could not be saved, so nothing changed ({Error})";
    }

    /// <summary>The policy's state machine could not take the command; nothing was saved.</summary>
    public sealed record ApplyFailed(string PolicyId, string Error) : FailoverCommandResult
    {
        public override string Message => $"{PolicyId}: the command could not be applied to the policy's state ({Error})";
    }

    /// <summary>The state machine refused the command as it stands (a standby that is not ready, without force); nothing moved.</summary>
    public sealed record Refused(string PolicyId, string Reason) : FailoverCommandResult
    {
        public override string Message => $"{PolicyId}: refused: {Reason}";
    }

    /// <summary>The controller stopped (the host is shutting down) before it took the command.</summary>
    public sealed record Unavailable(string PolicyId) : FailoverCommandResult
    {
        public override string Message => $"{PolicyId}: the failover controller stopped before it took the command; nothing changed";
    }
}
