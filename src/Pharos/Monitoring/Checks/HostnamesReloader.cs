using Pharos.Config;
using Pharos.Notifications.Alerts;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// Reads the checks' `hostnames_file`s again when they change and puts the checks they expand to in the catalog,
/// so that a customer's domain is monitored (or no longer) without a restart. A file with a bad line is refused as a
/// whole: the previous names stay, and the error is logged and alerted once per version of the file.
/// </summary>
public sealed partial class HostnamesReloader(
    IReadOnlyList<WrittenCheck> written,
    CheckCatalog catalog,
    ReloadAlerts alerts,
    TimeProvider time,
    ILogger<HostnamesReloader> logger) : BackgroundService
{
    /// <summary>How often the files' modification times are looked at; a stat per file, so cheap.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    // Per check as written (by index): the names its file gave last, and the file version they came from or
    // that was refused, so that a bad version is reported once and not every period.
    private readonly Dictionary<int, (FileStamp Stamp, IReadOnlyList<string> Names)> _taken = [];
    private readonly Dictionary<int, FileStamp> _refused = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The config reader has read every file: its names are the starting point. No version is recorded, so the
        // first period reads each file again and catches a change made between the config's reading and now.
        for (var i = 0; i < written.Count; i++)
        {
            if (written[i].HostnamesFile is not null)
            {
                _taken[i] = (default, catalog.All.Where(c => c.BaseId == written[i].Check.Id && c.Hostname is not null)
                    .Select(c => c.Hostname!).Where(h => !written[i].Inline.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList());
            }
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Period, time, stoppingToken).ConfigureAwait(false);
                await ReloadAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
            }
        }
    }

    /// <summary>Reads the files that changed; replaces the catalog's checks when their names did.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        var changed = false;
        foreach (var (index, (stamp, names)) in _taken.ToList())
        {
            var check = written[index];
            var file = check.HostnamesFile!;
            var now = FileStamp.Of(file);
            if (now == stamp || (_refused.TryGetValue(index, out var bad) && bad == now))
            {
                continue;
            }

            var (fresh, errors) = Read(file, check.Inline);
            if (errors.Count > 0)
            {
                _refused[index] = now;
                LogRefused(logger, file, errors.Count, string.Join("; ", errors.Take(3)));
                await alerts.RaiseAsync("checks", file, errors, ct).ConfigureAwait(false);
                continue;
            }

            _refused.Remove(index);
            _taken[index] = (now, fresh);
            if (!fresh.SequenceEqual(names, StringComparer.Ordinal))
            {
                changed = true;
                var before = names.ToHashSet(StringComparer.Ordinal);
                var after = fresh.ToHashSet(StringComparer.Ordinal);
                LogReloaded(logger, file, check.Check.Id, after.Count(n => !before.Contains(n)), before.Count(n => !after.Contains(n)), fresh.Count);
            }
        }

        if (changed)
        {
            catalog.Replace(Expand());
        }
    }

    private static (IReadOnlyList<string> Names, IReadOnlyList<string> Errors) Read(string file, IReadOnlyList<string> inline)
    {
        try
        {
            var read = HostnamesFile.Read(file, wildcards: false, taken: inline);
            return (read.Names, read.Errors.Select(e => e.ToString()).ToList());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], [$"{file}: cannot read: {e.Message}"]);
        }
    }

    /// <summary>Every check as written, in config order, expanded with its inline names and its file's current ones.</summary>
    private List<CheckConfig> Expand()
    {
        var list = new List<CheckConfig>();
        for (var i = 0; i < written.Count; i++)
        {
            var w = written[i];
            IReadOnlyList<string> names = _taken.TryGetValue(i, out var t) ? [.. w.Inline, .. t.Names] : w.Inline;
            list.AddRange(w.Check.Expand(names));
        }

        return list;
    }

    /// <summary>A file's version as the file system tells it without reading it; a missing file is a version too.</summary>
    private readonly record struct FileStamp(DateTime Written, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : new FileStamp(DateTime.MinValue, -1);
        }
    }

    [LoggerMessage(EventId = 9900, Level = LogLevel.Information, Message = "Hostnames file {File} of check {CheckId} reloaded: {Added} added, {Removed} removed, {Total} now")]
    private static partial void LogReloaded(ILogger logger, string file, string checkId, int added, int removed, int total);

    [LoggerMessage(EventId = 9901, Level = LogLevel.Error, Message = "Hostnames file {File} refused ({Count} error(s)), the previous names stay: {Errors}")]
    private static partial void LogRefused(ILogger logger, string file, int count, string errors);

    [LoggerMessage(EventId = 9902, Level = LogLevel.Error, Message = "Watching the hostnames files failed; trying again")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
