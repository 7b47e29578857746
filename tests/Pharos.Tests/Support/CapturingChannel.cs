using System.Collections.Concurrent;
using Pharos.Notifications.Channels;

namespace Pharos.Tests.Support;

/// <summary>
/// A channel that records what it is given and answers what the test tells it to: the stand-in for a receiver whose
/// own behaviour is not what a test is about (the real channels have their own tests against real servers).
/// </summary>
public sealed class CapturingChannel(string id, Func<OutboundMessage, int, DeliveryResult>? answer = null) : INotificationChannel
{
    private readonly ConcurrentQueue<OutboundMessage> _delivered = new();
    private int _calls;

    public string Id { get; } = id;

    public string Type => "capture";

    public int Concurrency { get; init; } = 4;

    /// <summary>Replaced at will by a test: the answer for a message and the number of the call (1-based).</summary>
    public Func<OutboundMessage, int, DeliveryResult> Answer { get; set; } = answer ?? ((_, _) => DeliveryResult.Ok());

    /// <summary>Every attempt, successful or not.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Messages answered with success, in the order they were answered.</summary>
    public IReadOnlyList<OutboundMessage> Delivered => [.. _delivered];

    public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _calls);
        var result = Answer(message, n);
        if (result is DeliveryResult.Delivered)
        {
            _delivered.Enqueue(message);
        }

        return Task.FromResult(result);
    }
}
