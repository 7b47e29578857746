using Pharos.Monitoring.Checks;
using Pharos.Notifications.Subscribers;

namespace Pharos.Hosting;

/// <summary>The hostnames of the `hostnames` checks a merchant may subscribe to, following a hostnames file as it changes.</summary>
public sealed class CatalogSubscriberHostnames(CheckCatalog checks) : ISubscriberHostnames
{
    // A reference swapped whole, so a reader on another thread never sees one version's number with another's names.
    private Cached? _cached;

    public IReadOnlyList<string> Hostnames
    {
        get
        {
            var version = checks.Version;
            var c = Volatile.Read(ref _cached);
            if (c is null || c.Version != version)
            {
                c = new Cached(version, new FixedSubscriberHostnames(checks.All.Where(x => x.Hostname is not null).Select(x => x.Hostname!)).Hostnames);
                Volatile.Write(ref _cached, c);
            }

            return c.Names;
        }
    }

    private sealed record Cached(long Version, IReadOnlyList<string> Names);
}
