using System.Data.Common;
using Pharos.Domain;
using Pharos.Notifications.Outbox;

namespace Pharos.Notifications.Social;

/// <summary>
/// Posts the updates an operator marked for social media to every configured social channel (Mastodon, X), in
/// order per incident, once per update: the idempotency key is the event and the channel.
/// </summary>
public sealed class SocialFanout(IOutboxStore outbox, NotificationsConfig config) : IEventFanout
{
    public Task FanOutAsync(DbConnection c, DbTransaction tx, DomainEvent e, Notice notice, CancellationToken ct)
    {
        if (config.Social.Channels.Count == 0 || !notice.Data.ContainsKey(NoticeData.Social))
        {
            return Task.CompletedTask;
        }

        return outbox.EnqueueAsync(c, tx, config.Social.Channels.Select(ch =>
            new NewDelivery(notice.Id, ch, $"social:{notice.SubjectKey}", $"{e.Sequence}:social:{ch}", e.At)).ToList(), ct);
    }
}
