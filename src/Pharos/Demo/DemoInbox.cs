namespace Pharos.Demo;

/// <summary>One message the demo's sink received, by mail or by webhook.</summary>
/// <param name="Number">Its place in arrival order, from 1.</param>
/// <param name="At">When it arrived.</param>
/// <param name="Via">"email" or "webhook".</param>
/// <param name="From">The envelope sender, or the webhook caller's User-Agent.</param>
/// <param name="To">The envelope recipients, or the webhook path.</param>
/// <param name="Subject">The Subject header, or the JSON payload's title.</param>
/// <param name="Key">The Message-ID or Idempotency-Key the sender gave: equal keys are the same message sent again.</param>
/// <param name="Headers">The message's or request's headers, lower-case names, first value of each.</param>
/// <param name="Body">The text (of an email, its plain-text part), at most <see cref="DemoInbox.MaxBody"/> characters.</param>
public sealed record InboxMessage(
    long Number,
    DateTimeOffset At,
    string Via,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? Key,
    IReadOnlyDictionary<string, string> Headers,
    string Body);

/// <summary>
/// What the demo's mail and webhook sink received, newest first, kept in memory and bounded: the demo's alerts and
/// subscriber mail land here so that a new user sees them in the admin without setting up a mail server.
/// </summary>
public sealed class DemoInbox(TimeProvider time)
{
    /// <summary>Messages kept; older ones are forgotten.</summary>
    public const int Capacity = 500;

    /// <summary>Characters of a body kept.</summary>
    public const int MaxBody = 16 * 1024;

    private readonly LinkedList<InboxMessage> _messages = new();
    private readonly object _gate = new();
    private long _count;

    /// <summary>Messages received since start, including those forgotten since.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Raised after a message is added (tests await arrivals with it).</summary>
    public event Action<InboxMessage>? Received;

    public InboxMessage Add(string via, string from, IReadOnlyList<string> to, string subject, string? key, IReadOnlyDictionary<string, string> headers, string body)
    {
        InboxMessage message;
        lock (_gate)
        {
            message = new InboxMessage(++_count, time.GetUtcNow(), via, from, to, subject, key, headers, body.Length > MaxBody ? body[..MaxBody] : body);
            _messages.AddFirst(message);
            if (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }

        Received?.Invoke(message);
        return message;
    }

    /// <summary>The messages kept, newest first.</summary>
    public IReadOnlyList<InboxMessage> All()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }
}
