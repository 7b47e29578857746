namespace Pharos.Dns.Tests;

/// <summary>Bytes a piece of code allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes allocated by <paramref name="calls"/> runs of <paramref name="action"/>, measured in a round during which
    /// no collection ran. A collection started by another thread (tests run in parallel) retires this thread's
    /// allocation context, and its unused rest then reads as allocated (seen: about 5 KB in 10,000 calls that allocate
    /// nothing); such a round is measured again, up to five times.
    /// </summary>
    public static long Of(Action action, int calls)
    {
        long bytes = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            GC.Collect();
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return bytes;
            }
        }
        return bytes;
    }
}
