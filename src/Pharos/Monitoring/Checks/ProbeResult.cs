namespace Pharos.Monitoring.Checks;

/// <summary>What one run of a check found, best to worst so that the worst can be taken with Max.</summary>
public enum CheckOutcome
{
    Up = 0,

    /// <summary>Answered correctly but slowly, or with a certificate about to expire.</summary>
    Degraded = 1,

    Down = 2,
}

/// <summary>The answer of one probe: the outcome, how long it took, and in words what was wrong.</summary>
public sealed record ProbeResult(CheckOutcome Outcome, TimeSpan Latency, string? Message = null)
{
    /// <summary>Set when the certificate seen is within the check's expiry warning, so that it is announced once.</summary>
    public ExpiringCertificate? ExpiringCertificate { get; init; }

    public static ProbeResult Up(TimeSpan latency, string? message = null) => new(CheckOutcome.Up, latency, message);

    public static ProbeResult Down(TimeSpan latency, string message) => new(CheckOutcome.Down, latency, message);

    /// <summary>Degraded when slower than the threshold, otherwise as given.</summary>
    public ProbeResult WithLatencyLimit(TimeSpan? limit) =>
        Outcome == CheckOutcome.Up && limit is { } l && Latency > l
            ? this with { Outcome = CheckOutcome.Degraded, Message = $"slow: {Latency.TotalMilliseconds:0} ms is above {l.TotalMilliseconds:0} ms" }
            : this;
}

/// <summary>One kind of probe; the runner owns timeouts and turns exceptions into failures.</summary>
public interface IProbe
{
    Task<ProbeResult> ProbeAsync(CancellationToken ct);
}

/// <summary>A certificate within its warning window: its SHA-256 thumbprint names it, whichever checks see it.</summary>
public sealed record ExpiringCertificate(string Thumbprint, string Subject, DateTimeOffset NotAfter);
