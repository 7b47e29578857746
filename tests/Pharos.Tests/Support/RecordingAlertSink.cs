using System.Collections.Concurrent;
using Pharos.Domain;
using Pharos.Notifications.Alerts;

namespace Pharos.Tests.Support;

/// <summary>An alert sink that keeps what it is given, or refuses it, for tests of who raises what.</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    private readonly ConcurrentQueue<DomainEvent> _raised = new();

    /// <summary>When set, every raise throws this, as a database that refuses writes would.</summary>
    public Exception? Refuse { get; set; }

    public IReadOnlyList<DomainEvent> Raised => [.. _raised];

    public Task RaiseAsync(DomainEvent e, CancellationToken ct)
    {
        if (Refuse is { } error)
        {
            return Task.FromException(error);
        }

        _raised.Enqueue(e);
        return Task.CompletedTask;
    }
}
