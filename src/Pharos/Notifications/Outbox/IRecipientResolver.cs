using Pharos.Notifications.Channels;

namespace Pharos.Notifications.Outbox;

/// <summary>Turns the subscriber ids of claimed deliveries into addresses, in one read per batch.</summary>
public interface IRecipientResolver
{
    /// <summary>The subscribers that still exist and are confirmed; a missing id means the delivery is cancelled.</summary>
    Task<IReadOnlyDictionary<string, Recipient>> ResolveAsync(IReadOnlyCollection<string> subscriberIds, CancellationToken ct);
}

/// <summary>Used when the subscriber part is not registered: nobody is a subscriber.</summary>
public sealed class NoRecipients : IRecipientResolver
{
    public Task<IReadOnlyDictionary<string, Recipient>> ResolveAsync(IReadOnlyCollection<string> subscriberIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, Recipient>>(new Dictionary<string, Recipient>());
}
