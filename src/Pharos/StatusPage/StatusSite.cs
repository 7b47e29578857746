using System.Collections.Concurrent;

namespace Pharos.StatusPage;

/// <summary>
/// Holds the current snapshot and everything rendered from it. A new snapshot replaces the whole cache at once,
/// so a reader never mixes two versions; each response is rendered at most once per snapshot.
/// </summary>
public sealed class StatusSite
{
    private volatile Generation? _current;

    /// <summary>The snapshot being served, or null before the first load.</summary>
    public StatusSnapshot? Snapshot => _current?.Snapshot;

    public event Action<StatusSnapshot>? Published;

    public void Publish(StatusSnapshot snapshot)
    {
        _current = new Generation(snapshot);
        Published?.Invoke(snapshot);
    }

    /// <summary>The cached response for a key, rendering it on first use within this snapshot.</summary>
    public Task<CachedResponse> GetAsync(string key, Func<StatusSnapshot, Task<CachedResponse>> render)
    {
        var generation = _current ?? throw new InvalidOperationException("no snapshot has been published yet");
        var lazy = generation.Responses.GetOrAdd(key, _ => new Lazy<Task<CachedResponse>>(() => render(generation.Snapshot)));
        return lazy.Value;
    }

    /// <summary>The cached response for a page in a language: the snapshot's view in that language renders it, once.</summary>
    public Task<CachedResponse> GetAsync(PageLanguage language, string key, Func<StatusSnapshot, Task<CachedResponse>> render) =>
        GetAsync(language.CacheKey + "|" + key, s => render(s.In(language.Texts, language.Prefix, StatusPageEndpoints.PathOf(key))));

    private sealed class Generation(StatusSnapshot snapshot)
    {
        public StatusSnapshot Snapshot { get; } = snapshot;

        public ConcurrentDictionary<string, Lazy<Task<CachedResponse>>> Responses { get; } = new(StringComparer.Ordinal);
    }
}
