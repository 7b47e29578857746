namespace Pharos.Notifications.Alerts;

/// <summary>
/// Raises config.reload_failed when a file Pharos reads while running is refused, so that a customer domain that
/// never became a check, or a renewal that was not taken, reaches an operator and not only the log.
/// </summary>
public sealed class ReloadAlerts(IAlertSink sink, TimeProvider time)
{
    /// <param name="part">What read the file: "checks", "failover site".</param>
    /// <param name="file">The refused file.</param>
    /// <param name="errors">What is wrong with it, first ones first.</param>
    /// <param name="ct">Stops waiting for the alert to be written.</param>
    public Task RaiseAsync(string part, string file, IReadOnlyList<string> errors, CancellationToken ct)
    {
        var shown = string.Join("; ", errors.Take(5)) + (errors.Count > 5 ? $"; and {errors.Count - 5} more" : "");
        var e = OperationalEvent.Create(
            EventKinds.ConfigReloadFailed,
            "config",
            file,
            time.GetUtcNow(),
            "system:config",
            $"Reload refused: {Path.GetFileName(file)}",
            $"The {part} did not take the changed file {file}, and keeps what it had: {shown}",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["part"] = part, [NoticeData.Error] = shown });
        return sink.RaiseAsync(e, ct);
    }
}
