namespace Pharos.Failover.Drills;

/// <summary>What a pre-check sees: the policy, its state on the leading node now, and its machine's judgements.</summary>
public sealed record DrillPrecheckContext(FailoverPolicy Policy, PolicyState State, FailoverMachine Machine, DateTimeOffset Now);

/// <summary>A pre-check's answer: passed or not, and a line saying what was seen.</summary>
public sealed record DrillPrecheckResult(bool Passed, string Detail)
{
    public static DrillPrecheckResult Pass(string detail) => new(true, detail);

    public static DrillPrecheckResult Fail(string detail) => new(false, detail);
}

/// <summary>
/// One condition a drill needs before it moves anything. Every registered implementation runs (register with
/// <c>services.AddSingleton&lt;IDrillPrecheck, MyCheck&gt;()</c>); one that fails, or throws, stops the drill with nothing
/// moved. The built-in ones: the policy is steady on a healthy primary, the standby is ready, the live records match.
/// </summary>
public interface IDrillPrecheck
{
    /// <summary>Short, shown in the plan and the report ("standby ready", "parity clean").</summary>
    string Name { get; }

    Task<DrillPrecheckResult> CheckAsync(DrillPrecheckContext context, CancellationToken ct);
}
