using Pharos.Config;
using Pharos.Monitoring;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Scheduling;
using YamlDotNet.RepresentationModel;

namespace Pharos.Probes.Agent;

/// <summary>
/// `pharos probe`: fetches the checks of its location, runs them with the server's own scheduler (its results going
/// to a <see cref="ProbeSink"/> instead of the server's pipeline), and refetches them on a schedule, swapping the
/// scheduler when they change. The last checks fetched are kept on disk, so a probe restarted while the server is
/// away runs them at once.
/// </summary>
public sealed partial class ProbeAgent(
    ProbeAgentOptions options,
    ProbeClient client,
    ProbeSink sink,
    ProbeUploader uploader,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ProbeAgent>();
    private readonly SettableCheckAssignment _assignment = new();
    private CheckScheduler? _scheduler;
    private string? _etag;

    /// <summary>The ids of the checks running now.</summary>
    public IReadOnlyList<string> Running { get; private set; } = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sealing = sink.SealAsync(time, stoppingToken);
        var uploading = uploader.RunAsync(stoppingToken);
        if (LoadCached() is { } cached)
        {
            await SwapAsync(cached.Checks, cached.Etag, stoppingToken).ConfigureAwait(false);
        }

        try
        {
            await RefreshLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (_scheduler is not null)
            {
                await _scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
                _scheduler.Dispose();
            }

            await Task.WhenAll(sealing, uploading).ConfigureAwait(false);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stop)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var reply = await client.FetchChecksAsync(_etag, stop).ConfigureAwait(false);
                wait = options.RefreshInterval;
                if (reply is not null && !await TakeAsync(reply, stop).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFetchFailed(_logger, e.Message, _scheduler is null ? "no checks run yet" : "the last checks keep running");
                wait = _scheduler is null ? TimeSpan.FromSeconds(Math.Min(10, wait.TotalSeconds * 2)) : options.RefreshInterval;
            }

            try
            {
                await Task.Delay(wait, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Checks the answer is for this probe's location and parses it; false stops the probe (a wrong location).</summary>
    private async Task<bool> TakeAsync(ProbeChecksReply reply, CancellationToken stop)
    {
        if (reply.Location != options.Location)
        {
            LogWrongLocation(_logger, options.Location, reply.Probe, reply.Location);
            Environment.ExitCode = 2;
            lifetime.StopApplication();
            return false;
        }

        var checks = Parse(reply.ChecksYaml, $"{options.Server}api/v1/probes/checks");
        if (checks is not null)
        {
            await File.WriteAllTextAsync(CachePath, reply.Etag + "\n" + reply.ChecksYaml, stop).ConfigureAwait(false);
            await SwapAsync(checks, reply.Etag, stop).ConfigureAwait(false);
        }

        return true;
    }

    private async Task SwapAsync(IReadOnlyList<CheckConfig> checks, string etag, CancellationToken stop)
    {
        // One scheduler for the probe's life: new checks go through its assignment, which starts what is new, stops
        // what went, restarts what changed and lets runs in flight finish.
        _assignment.Set(checks);
        _etag = etag;
        Running = checks.Select(c => c.Id).ToList();
        LogRunning(_logger, checks.Count, options.Location, etag);
        if (_scheduler is null)
        {
            // The server's scheduler as it is, given this probe's checks and sink; the rest it takes from the container.
            _scheduler = ActivatorUtilities.CreateInstance<CheckScheduler>(services, new MonitoringConfig { MaxConcurrency = options.MaxConcurrency, Location = options.Location }, (ICheckAssignment)_assignment, sink);
            await _scheduler.StartAsync(stop).ConfigureAwait(false);
        }
    }

    private string CachePath => Path.Combine(options.DataDirectory, "checks.yaml");

    private (IReadOnlyList<CheckConfig> Checks, string Etag)? LoadCached()
    {
        if (!File.Exists(CachePath))
        {
            return null;
        }

        var text = File.ReadAllText(CachePath);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 && Parse(text[(newline + 1)..], CachePath) is { } checks ? (checks, text[..newline]) : null;
    }

    /// <summary>The checks with the server's own reader; null (and every error logged) when the text is not valid.</summary>
    private List<CheckConfig>? Parse(string yaml, string source)
    {
        var errors = new List<ConfigError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            errors.Add(new ConfigError(source, 1, 1, e.Message));
        }

        var checks = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? ChecksReader.Read(new YamlReader(source, errors), root, [])
            : null;
        foreach (var error in errors)
        {
            LogBadChecks(_logger, error.ToString());
        }

        return errors.Count == 0 ? checks : null;
    }

    [LoggerMessage(EventId = 9564, Level = LogLevel.Information, Message = "Running {Checks} checks for location {Location} (version {Etag})")]
    private static partial void LogRunning(ILogger logger, int checks, string location, string etag);

    [LoggerMessage(EventId = 9565, Level = LogLevel.Warning, Message = "Cannot fetch the checks: {Error}; {What}")]
    private static partial void LogFetchFailed(ILogger logger, string error, string what);

    [LoggerMessage(EventId = 9566, Level = LogLevel.Critical, Message = "This probe runs as location {Location}, but the server has its token as probe {Probe} of location {ServerLocation}; stopping")]
    private static partial void LogWrongLocation(ILogger logger, string location, string probe, string serverLocation);

    [LoggerMessage(EventId = 9567, Level = LogLevel.Error, Message = "The server's checks cannot be read here, the previous ones keep running: {Error}")]
    private static partial void LogBadChecks(ILogger logger, string error);
}
