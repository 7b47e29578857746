using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Monitoring.Alerts;

/// <summary>
/// Raises storage.write_failed when monitoring keeps failing to write. Best effort by nature: the database that
/// refused the write may refuse the alert too, so the failure is always logged as well, and a failed alert is
/// logged on its own rather than thrown into the writer that called.
/// </summary>
public sealed partial class StorageAlerts(IAlertSink sink, TimeProvider time, ILogger<StorageAlerts> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <param name="part">What failed to write (result writer, automatic incidents).</param>
    /// <param name="what">What is held back or lost because of it.</param>
    /// <param name="attempts">Failed attempts in a row so far.</param>
    /// <param name="error">The last error.</param>
    /// <param name="ct">Stops waiting for the alert to be written.</param>
    public async Task RaiseAsync(string part, string what, int attempts, Exception error, CancellationToken ct)
    {
        LogWriteFailed(logger, error, part, attempts, what);
        var e = OperationalEvent.Create(
            EventKinds.StorageWriteFailed,
            "storage",
            part,
            time.GetUtcNow(),
            CheckEvents.Actor,
            $"Database writes failing: {part}",
            $"The {part} failed to write {attempts} times in a row: {error.Message}. {what}",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["part"] = part,
                ["attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [NoticeData.Error] = error.Message,
            });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Patience);
        try
        {
            await sink.RaiseAsync(e, cts.Token).ConfigureAwait(false);
        }
        catch (Exception alertError)
        {
            LogAlertFailed(logger, alertError, part);
        }
    }

    [LoggerMessage(EventId = 9301, Level = LogLevel.Critical, Message = "The {Part} failed to write {Attempts} times in a row: {What}; raising storage.write_failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string part, int attempts, string what);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Critical, Message = "Could not even raise storage.write_failed for the {Part}: operators are told only by this log")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string part);
}
