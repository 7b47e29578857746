using Pharos.Failover.Parity;

namespace Pharos.Failover.Drills;

/// <summary>
/// A drill moves customers to the standby for real, so a standby known to differ from the primary (a locale page
/// failing, a certificate missing a name) is found before the move, not by the customers. Passes for a policy that
/// has no parity section: there is nothing to compare.
/// </summary>
public sealed class ParityPrecheck(IParityCheck parity) : IDrillPrecheck
{
    public string Name => "parity clean";

    public async Task<DrillPrecheckResult> CheckAsync(DrillPrecheckContext context, CancellationToken ct)
    {
        if (context.Policy.Parity is null)
        {
            return DrillPrecheckResult.Pass("no parity section: nothing to compare");
        }

        var report = await parity.RunAsync(context.Policy.Id, ct).ConfigureAwait(false);
        if (report.Clean)
        {
            return DrillPrecheckResult.Pass(report.Outcome);
        }

        var first = report.Drifts.Take(3).Select(f => $"{f.Request} {f.Aspect}: primary {f.Primary}, standby {f.Standby}");
        return DrillPrecheckResult.Fail($"{report.Outcome}{(report.Drifts.Count > 0 ? ": " + string.Join("; ", first) : "")}");
    }
}
