using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Where the scheduler hands each finished run: the server's pipeline (state, storage, events), or a remote probe's
/// outbound batch. The scheduler knows only this, so the same loop runs checks in both.
/// </summary>
public interface IResultSink
{
    Task RecordAsync(CheckConfig check, ProbeResult probe, DateTimeOffset at, CancellationToken ct);
}
