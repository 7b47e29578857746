using System.Diagnostics;
using System.Net.Sockets;
using Pharos.Config;
using Pharos.Monitoring.Checks;
using Pharos.Telemetry;

namespace Pharos.Monitoring.Scheduling;

/// <summary>Runs one probe under the check's timeout and turns every exception into a failed result with a reason.</summary>
public static class CheckRunner
{
    public static async Task<ProbeResult> RunAsync(CheckConfig check, IProbe probe, TimeProvider time, CancellationToken stopping)
    {
        using var activity = PharosTelemetry.Source.StartActivity(PharosTelemetry.CheckRun)?.SetTag("pharos.check.id", check.Id);
        var result = await ProbeAsync(check, probe, time, stopping).ConfigureAwait(false);
        activity?.SetTag("pharos.check.outcome", result.Outcome.ToString().ToLowerInvariant());
        return result;
    }

    private static async Task<ProbeResult> ProbeAsync(CheckConfig check, IProbe probe, TimeProvider time, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(check.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await probe.ProbeAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            return ProbeResult.Down(check.Timeout, $"timed out after {DurationParser.Format(check.Timeout)}");
        }
        catch (TimeoutException)
        {
            return ProbeResult.Down(check.Timeout, $"timed out after {DurationParser.Format(check.Timeout)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProbeResult.Down(Stopwatch.GetElapsedTime(started), Reason(e));
        }
    }

    /// <summary>The innermost useful message: "Connection refused" rather than "An error occurred while sending the request".</summary>
    private static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is SocketException s ? $"{s.SocketErrorCode}: {s.Message}" : inner.Message;
    }
}
