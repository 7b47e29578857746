namespace Pharos.Cluster;

/// <summary>
/// Runs the leader-only services (failover controller, maintenance clock, notification router and relay) only while
/// this node leads: started when a term begins, stopped (their in-flight work cancelled and awaited) when it ends.
/// </summary>
public sealed partial class LeaderGate(ILeadership leadership, LeaderOnlyServices registered, IServiceProvider services, ILogger<LeaderGate> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private IHostedService[]? _running;
    private LeaderTerm? _term;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A node that already leads (a single node takes its lease while starting) starts its services in line, as
        // before, so that the first request already finds the controller loaded.
        if (leadership.Current is { } term)
        {
            await StartServicesAsync(term, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var term = _term ?? await leadership.WaitForTermAsync(stoppingToken).ConfigureAwait(false);
                if (_term is null)
                {
                    await StartServicesAsync(term, stoppingToken).ConfigureAwait(false);
                }

                var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using (term.Lost.Register(() => lost.TrySetResult()).ConfigureAwait(false))
                {
                    await lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                await StopServicesAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await StopServicesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartServicesAsync(LeaderTerm term, CancellationToken ct)
    {
        var list = registered.Types.Select(t => (IHostedService)services.GetRequiredService(t)).ToArray();
        var started = new List<IHostedService>();
        foreach (var service in list)
        {
            await service.StartAsync(ct).ConfigureAwait(false);
            started.Add(service);
        }

        lock (_gate)
        {
            _running = [.. started];
            _term = term;
        }

        LogStarted(logger, term.Number, started.Count);
    }

    private async Task StopServicesAsync(CancellationToken ct)
    {
        IHostedService[]? running;
        long number;
        lock (_gate)
        {
            running = _running;
            number = _term?.Number ?? 0;
            _running = null;
            _term = null;
        }

        if (running is null)
        {
            return;
        }

        foreach (var service in running.Reverse())
        {
            try
            {
                await service.StopAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStopFailed(logger, e, service.GetType().Name);
            }
        }

        LogStopped(logger, number);
    }

    [LoggerMessage(EventId = 9710, Level = LogLevel.Information, Message = "Term {Term}: started {Count} leader-only services")]
    private static partial void LogStarted(ILogger logger, long term, int count);

    [LoggerMessage(EventId = 9711, Level = LogLevel.Information, Message = "Term {Term} ended: leader-only services stopped")]
    private static partial void LogStopped(ILogger logger, long term);

    [LoggerMessage(EventId = 9712, Level = LogLevel.Error, Message = "Leader-only service {Service} failed to stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string service);
}

/// <summary>The services registered with <see cref="LeaderOnlyRegistration.AddLeaderOnly{T}"/>, in registration order.</summary>
public sealed class LeaderOnlyServices
{
    private readonly List<Type> _types = [];

    public IReadOnlyList<Type> Types => _types;

    internal void Add(Type type)
    {
        if (!_types.Contains(type))
        {
            _types.Add(type);
        }
    }
}

/// <summary>How a feature says that one of its hosted services runs only on the leading node.</summary>
public static class LeaderOnlyRegistration
{
    /// <summary>
    /// Registers <typeparamref name="T"/> (already registered as a singleton) to run while this node leads. Without
    /// the cluster's gate (a host that never adds it), nothing starts it: hosts that want it add <see cref="LeaderGate"/>.
    /// </summary>
    public static IServiceCollection AddLeaderOnly<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        var list = services.FirstOrDefault(d => d.ServiceType == typeof(LeaderOnlyServices))?.ImplementationInstance as LeaderOnlyServices;
        if (list is null)
        {
            list = new LeaderOnlyServices();
            services.AddSingleton(list);
        }

        list.Add(typeof(T));
        return services;
    }
}
