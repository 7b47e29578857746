namespace Pharos.Notifications.Channels;

/// <summary>What became of one attempt to deliver a message.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    public static DeliveryResult Ok(string? detail = null) => new Delivered(detail);

    /// <summary>Worth trying again (a timeout, 451, 5xx, 429); <paramref name="after"/> is the other side's Retry-After.</summary>
    public static DeliveryResult Retry(string error, TimeSpan? after = null) => new Transient(error, after);

    /// <summary>Trying again cannot help (550, 400, 401, 404): the message moves to the route's fallback at once.</summary>
    public static DeliveryResult Fail(string error) => new Permanent(error);

    /// <summary>The receiver accepted the message.</summary>
    public sealed record Delivered(string? Detail) : DeliveryResult;

    /// <summary>A failure that may pass.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter) : DeliveryResult;

    /// <summary>A failure that will not pass by itself.</summary>
    public sealed record Permanent(string Error) : DeliveryResult;
}
