using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using System.Globalization;
using System.Threading.Channels;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Storage;
using Pharos.Writes;
using Pharos.Audit;

namespace Pharos.Monitoring.Incidents;

/// <summary>
/// Opens an automated incident when checks put a component in a partial or major outage, and resolves it when the
/// checks pass again. The open incident's id is stored with the component's health, so a restart neither opens a
/// second one nor forgets to resolve the first. Texts come from the templates in monitoring:. Every change goes
/// through the one write path as system:monitoring; one that cannot be written now is retried with backoff, so the
/// incidents catch up by themselves once the database takes writes again.
/// </summary>
public sealed partial class AutoIncidentService(
    CheckTracker tracker,
    IMonitorStore monitorStore,
    IStatusStore statusStore,
    StatusWriter writer,
    MonitoringConfig monitoring,
    CheckCatalog checks,
    SiteCatalog catalog,
    StorageAlerts alerts,
    TimeProvider time,
    ILogger<AutoIncidentService> logger,
    ICheckOwnership? ownership = null) : BackgroundService
{
    /// <summary>Failed attempts at one change after which operators are alerted; it is still retried.</summary>
    private const int AlertAfter = 5;

    private readonly Channel<ComponentHealthChange> _changes = Channel.CreateUnbounded<ComponentHealthChange>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        tracker.ComponentChanged += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        tracker.ComponentChanged -= OnChanged;
        return base.StopAsync(cancellationToken);
    }

    /// <summary>Whether changes of this component open incidents: per-check settings win over monitoring.auto_incidents.</summary>
    public bool EnabledFor(string componentId)
    {
        var ofComponent = checks.All.Where(c => c.ComponentId == componentId).ToList();
        return ofComponent.Any(c => c.AutoIncident == true) || (monitoring.AutoIncidents && !ofComponent.Any(c => c.AutoIncident == false));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await HandleAsync(change, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogFailed(logger, e, change.ComponentId);
                if (RetryLater(change, stoppingToken) == AlertAfter)
                {
                    await alerts.RaiseAsync(
                        "automatic incident service",
                        $"The automatic incident for {change.ComponentId} ({WireNames.Of(change.Status)}) is not on the status page yet; it is still retried.",
                        AlertAfter,
                        e,
                        stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Who automatic incidents are written by, in the audit log and the events.</summary>
    public static readonly Actor Actor = Actor.System("monitoring");

    private readonly Dictionary<string, (ComponentHealthChange Change, int Failures)> _latest = new(StringComparer.Ordinal);

    /// <summary>Tries the change again after a growing delay, unless a newer change of the same component came first; returns its failures so far.</summary>
    private int RetryLater(ComponentHealthChange change, CancellationToken ct)
    {
        int failures;
        lock (_latest)
        {
            failures = _latest.TryGetValue(change.ComponentId, out var l) && ReferenceEquals(l.Change, change) ? l.Failures + 1 : 1;
            _latest[change.ComponentId] = (change, failures);
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 8))));
        _ = Task.Delay(delay, time, ct).ContinueWith(
            _ =>
            {
                lock (_latest)
                {
                    if (_latest.TryGetValue(change.ComponentId, out var l) && ReferenceEquals(l.Change, change))
                    {
                        _changes.Writer.TryWrite(change);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        return failures;
    }

    private void OnChanged(ComponentHealthChange change)
    {
        // Every node of a cluster sees the change; the component's owner alone writes its incident.
        if ((ownership?.OwnsComponent(change.ComponentId) ?? true) && EnabledFor(change.ComponentId))
        {
            lock (_latest)
            {
                _latest[change.ComponentId] = (change, 0);
            }

            _changes.Writer.TryWrite(change);
        }
    }

    public async Task HandleAsync(ComponentHealthChange change, CancellationToken ct)
    {
        var health = (await monitorStore.LoadComponentHealthAsync(ct).ConfigureAwait(false)).FirstOrDefault(h => h.ComponentId == change.ComponentId);
        var open = health?.IncidentId is { } id ? await statusStore.GetIncidentAsync(id, ct).ConfigureAwait(false) : null;
        if (open is not null && !open.IsOpen)
        {
            // Someone resolved it by hand: forget it, and open a new one only if this change is an outage.
            open = null;
            await monitorStore.SetComponentIncidentAsync(change.ComponentId, null, ct).ConfigureAwait(false);
        }

        var outage = change.Status >= ComponentStatus.PartialOutage;
        if (outage && open is null)
        {
            var m = monitoring;
            var created = await writer.CreateIncidentAsync(
                Actor,
                "incident.create",
                (now, _) => Incident.Open(Fill(m.IncidentTitle, change), IncidentStatus.Investigating, Single(change), Fill(m.IncidentBody, change), now, startedAt: change.At, automated: true),
                i => $"Opened \"{i.Name}\" automatically",
                ct).ConfigureAwait(false);
            var incident = created.Written(What);
            await monitorStore.SetComponentIncidentAsync(change.ComponentId, incident.Id, ct).ConfigureAwait(false);
            LogOpened(logger, incident.Id, change.ComponentId);
        }
        else if (outage && open is not null)
        {
            var text = Fill(monitoring.ChangedBody, change);
            (await writer.ChangeIncidentAsync(
                open.Id,
                Actor,
                "incident.update",
                (i, now, _) => !i.IsOpen || i.Components.Any(c => c.ComponentId == change.ComponentId && c.Status == change.Status)
                    ? i
                    : i.Post(i.Status, text, Single(change), now, (IncidentImpact)Math.Max((int)i.Impact, (int)StatusCalculator.ImpactOf(change.Status))),
                i => $"Posted an automatic update on \"{i.Name}\"",
                ct).ConfigureAwait(false)).Written(What);
        }
        else if (!outage && open is not null)
        {
            var text = Fill(monitoring.ResolvedBody, change);
            (await writer.ChangeIncidentAsync(open.Id, Actor, "incident.resolve", (i, now, _) => i.IsOpen ? i.Resolve(text, now) : i, i => $"Resolved \"{i.Name}\" automatically", ct).ConfigureAwait(false)).Written(What);
            await monitorStore.SetComponentIncidentAsync(change.ComponentId, null, ct).ConfigureAwait(false);
            LogResolved(logger, open.Id, change.ComponentId);
        }

        lock (_latest)
        {
            if (_latest.TryGetValue(change.ComponentId, out var l) && ReferenceEquals(l.Change, change))
            {
                _latest.Remove(change.ComponentId);
            }
        }
    }

    private const string What = "The automatic incident change";

    private static Dictionary<string, ComponentStatus> Single(ComponentHealthChange change) => new(StringComparer.Ordinal) { [change.ComponentId] = change.Status };

    /// <summary>
    /// A template filled for customers: check names always, an error message only from checks that opted in with
    /// public_details, since errors can carry internal host names, addresses and stack traces.
    /// </summary>
    private string Fill(string template, ComponentHealthChange change)
    {
        var failing = tracker.Failing(change.ComponentId);
        var details = failing.Where(f => f.Check.PublicDetails && !string.IsNullOrWhiteSpace(f.LastMessage)).Select(f => $"{f.Check.Name}: {f.LastMessage}").ToList();
        return template
            .Replace("{component}", catalog.FindComponent(change.ComponentId)?.Name ?? change.ComponentId, StringComparison.Ordinal)
            .Replace("{status}", Labels.Of(change.Status).ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("{checks}", failing.Count == 0 ? "all checks pass" : string.Join(", ", failing.Select(f => f.Check.Name)), StringComparison.Ordinal)
            .Replace("{details}", string.Join("; ", details), StringComparison.Ordinal)
            .Replace("{since}", change.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Opened automated incident {IncidentId} for {ComponentId}")]
    private static partial void LogOpened(ILogger logger, string incidentId, string componentId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Resolved automated incident {IncidentId} for {ComponentId}")]
    private static partial void LogResolved(ILogger logger, string incidentId, string componentId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Automatic incident handling failed for {ComponentId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string componentId);
}
