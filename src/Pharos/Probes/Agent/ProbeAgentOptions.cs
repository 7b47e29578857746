namespace Pharos.Probes.Agent;

/// <summary>How `pharos probe` runs: where the server is, who it is, and how it batches and buffers.</summary>
public sealed record ProbeAgentOptions
{
    public required Uri Server { get; init; }

    /// <summary>The probe's token (scope probe), from --token, --token-file or PHAROS_PROBE_TOKEN.</summary>
    public required string Token { get; init; }

    /// <summary>The location this probe reports for; the server's record of the probe must say the same.</summary>
    public required string Location { get; init; }

    /// <summary>Holds the disk buffer, the probe's identity and its last copy of the checks.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>How often results are sealed into a batch.</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxBatchResults { get; init; } = 2_000;

    /// <summary>How often the checks are fetched again (a 304 when unchanged).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The disk buffer's bound; past it the oldest batches are dropped and counted.</summary>
    public long MaxBufferBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Longest wait between attempts while the server is unreachable or busy.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxConcurrency { get; init; } = 256;
}
