using Pharos.Http;
using Pharos.Admin.Commands;
using Pharos.Audit;

namespace Pharos.Admin;

/// <summary>
/// The read, apply, save loop shared by incidents and maintenance: the save refuses a write computed from a
/// stale read, and the change is recomputed from a fresh one, a few times, before it gives up with a conflict.
/// </summary>
internal static class OptimisticWrite
{
    /// <summary>How often a write computed from a stale read is recomputed before giving up with a conflict.</summary>
    public const int Attempts = 3;

    public static async Task<WriteResult<T>> RunAsync<T>(
        TimeProvider time,
        Func<Task<T?>> load,
        Func<T, DateTimeOffset, Validation, T?> apply,
        Func<T, T, DateTimeOffset, Task<bool>> save)
        where T : class
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var before = await load().ConfigureAwait(false);
            if (before is null)
            {
                return WriteResult<T>.NotFound();
            }

            var v = new Validation();
            var now = time.GetUtcNow();
            var after = apply(before, now, v);
            if (after is null)
            {
                return new WriteResult<T>(WriteOutcome.Invalid, null, v);
            }

            if (await save(before, after, now).ConfigureAwait(false))
            {
                return new WriteResult<T>(WriteOutcome.Ok, after, v);
            }
        }

        return new WriteResult<T>(WriteOutcome.Conflict, null, new Validation());
    }

    /// <summary>The audit row of a change: who, when, what, and the object before and after.</summary>
    public static AuditEntry Audit<T>(Actor actor, DateTimeOffset now, string action, string targetType, string targetId, string summary, T? before, T after)
        where T : class => new()
        {
            At = now,
            Actor = actor,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Summary = summary,
            Before = AuditJson.Of(before),
            After = AuditJson.Of(after),
        };
}
