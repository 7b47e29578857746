using Pharos.StatusPage;

namespace Pharos.StaticSite;

/// <summary>
/// `pharos export --site DIR`: renders the public site from the current data into a folder, once or (watching) again
/// within a second of every change, so a CDN or any static host can serve the page while no Pharos is running.
/// </summary>
public sealed partial class SiteExporter(
    StatusRefresher refresher,
    StatusSite site,
    SiteFiles files,
    StoredComponentHealth health,
    TimeProvider time,
    ILogger<SiteExporter> logger)
{
    /// <summary>How often a watching export asks whether the data changed: one small query, well inside the one-second promise.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<ExportPass> ExportOnceAsync(string folder, CancellationToken ct)
    {
        await health.LoadAsync(ct).ConfigureAwait(false);
        await refresher.RefreshAsync(force: true, ct).ConfigureAwait(false);
        return await WriteAsync(new SiteWriter(folder), site.Snapshot!, ct).ConfigureAwait(false);
    }

    /// <summary>Exports, then rewrites what changed after each change until cancelled; a failed pass is retried at the next poll.</summary>
    public async Task WatchAsync(string folder, Action<ExportPass>? passed, CancellationToken ct)
    {
        var writer = new SiteWriter(folder);
        StatusSnapshot? exported = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await health.LoadAsync(ct).ConfigureAwait(false);
                await refresher.RefreshAsync(force: exported is null, ct).ConfigureAwait(false);
                var snapshot = site.Snapshot!;
                if (!ReferenceEquals(snapshot, exported))
                {
                    var pass = await WriteAsync(writer, snapshot, ct).ConfigureAwait(false);
                    exported = snapshot;
                    passed?.Invoke(pass);
                }

                await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or InvalidOperationException)
            {
                LogPassFailed(logger, e);
                await Task.Delay(PollInterval, time, ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private async Task<ExportPass> WriteAsync(SiteWriter writer, StatusSnapshot snapshot, CancellationToken ct)
    {
        var pass = await writer.WriteAsync(site, files.For(snapshot).ToList(), time, ct).ConfigureAwait(false);
        LogExported(logger, snapshot.DataVersion, pass.Files, pass.Written, pass.Removed, (long)pass.Took.TotalMilliseconds);
        return pass;
    }

    [LoggerMessage(EventId = 9870, Level = LogLevel.Information, Message = "Exported data version {Version}: {Files} files, {Written} written, {Removed} removed in {Milliseconds} ms")]
    private static partial void LogExported(ILogger logger, long version, int files, int written, int removed, long milliseconds);

    [LoggerMessage(EventId = 9871, Level = LogLevel.Warning, Message = "An export pass failed; the folder keeps the last good files and the next poll tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
