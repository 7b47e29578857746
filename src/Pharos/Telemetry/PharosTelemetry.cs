using System.Diagnostics;
using System.Reflection;

namespace Pharos.Telemetry;

/// <summary>
/// The "Pharos" <see cref="ActivitySource"/> and the names of its spans. Starting a span costs next to nothing while no
/// exporter listens (StartActivity returns null), so the call sites need no switch of their own.
/// </summary>
public static class PharosTelemetry
{
    public const string SourceName = "Pharos";

    /// <summary>One run of one check's probe, tagged with the check and its outcome.</summary>
    public const string CheckRun = "pharos.check.run";

    /// <summary>A failover policy's state change, saved with its events.</summary>
    public const string FailoverTransition = "pharos.failover.transition";

    /// <summary>Records applied through a DNS provider and verified on every nameserver.</summary>
    public const string DnsPublish = "pharos.dns.publish";

    /// <summary>One delivery attempt of an outbox message through its channel.</summary>
    public const string OutboxDelivery = "pharos.outbox.deliver";

    /// <summary>The program's version as built (informational version, with the commit when the build knew it).</summary>
    public static string Version { get; } =
        typeof(PharosTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(PharosTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    // Static by design: an ActivitySource is a process-wide name that listeners subscribe to, as Meter names are.
    public static ActivitySource Source { get; } = new(SourceName, Version);

    /// <summary>Marks a span failed with a short reason (never a secret: callers pass outcome text, not payloads).</summary>
    public static void Failed(Activity? activity, string? reason)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
    }
}
