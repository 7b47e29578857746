namespace Pharos.Monitoring.Division;

/// <summary>
/// Rendezvous (highest random weight) hashing of a key over node ids: every node computes the same owner from the same
/// list, and a node joining or leaving moves only its own share of the keys.
/// </summary>
public static class CheckRendezvous
{
    public static string OwnerOf(string key, IReadOnlyList<string> members)
    {
        string? best = null;
        ulong bestScore = 0;
        foreach (var member in members)
        {
            var score = Score(member, key);
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(member, best) < 0))
            {
                best = member;
                bestScore = score;
            }
        }

        return best ?? throw new ArgumentException("no members", nameof(members));
    }

    // FNV-1a over both ids: stable across processes and machines, unlike string.GetHashCode.
    private static ulong Score(string member, string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in member)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        hash = (hash ^ 0xFF) * 1099511628211UL;
        foreach (var ch in key)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        // A final mix (from MurmurHash3's finalizer) so that keys differing in their last character spread over all members.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
