namespace Pharos.Monitoring.Checks;

/// <summary>Down when the job has been silent for longer than its period plus grace, or said it failed.</summary>
public sealed class HeartbeatProbe(HeartbeatCheckConfig config, HeartbeatRegistry registry, TimeProvider time) : IProbe
{
    public Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = registry.Last(config.Id);
        if (last is null)
        {
            return Task.FromResult(ProbeResult.Down(TimeSpan.Zero, "never called"));
        }

        var silence = now - last.At;
        if (last.Failed)
        {
            return Task.FromResult(ProbeResult.Down(TimeSpan.Zero, $"the job reported a failure at {last.At:u}"));
        }

        return Task.FromResult(silence > config.Period + config.Grace
            ? ProbeResult.Down(TimeSpan.Zero, $"no heartbeat since {last.At:u} ({silence.TotalSeconds:0} s; allowed {(config.Period + config.Grace).TotalSeconds:0} s)")
            : ProbeResult.Up(TimeSpan.Zero, $"last heartbeat {silence.TotalSeconds:0} s ago"));
    }
}
