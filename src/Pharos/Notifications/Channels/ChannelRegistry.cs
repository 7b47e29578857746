namespace Pharos.Notifications.Channels;

/// <summary>Every channel by id: those pharos.yaml configures, plus any registered in code (the demo's sink, tests).</summary>
public sealed class ChannelRegistry
{
    private readonly Dictionary<string, INotificationChannel> _channels;

    public ChannelRegistry(IEnumerable<INotificationChannel> channels)
    {
        _channels = new Dictionary<string, INotificationChannel>(StringComparer.Ordinal);
        foreach (var c in channels)
        {
            // A later registration of the same id replaces the earlier one, so a test can stand in for a configured channel.
            _channels[c.Id] = c;
        }
    }

    public IReadOnlyCollection<INotificationChannel> All => _channels.Values;

    public INotificationChannel? Find(string id) => _channels.GetValueOrDefault(id);
}
