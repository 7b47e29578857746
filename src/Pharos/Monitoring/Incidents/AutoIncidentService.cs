using System.Globalization;
using System.Threading.Channels;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Storage;

namespace Pharos.Monitoring.Incidents;

/// <summary>
/// Opens an automated incident when checks put a component in a partial or major outage, and resolves it when the
/// checks pass again. The open incident's id is stored with the component's health, so a restart neither opens a
/// second one nor forgets to resolve the first. Texts come from the templates in monitoring:.
/// </summary>
public sealed partial class AutoIncidentService(
    CheckTracker tracker,
    IMonitorStore monitorStore,
    IStatusStore statusStore,
    PharosConfig config,
    TimeProvider time,
    ILogger<AutoIncidentService> logger) : BackgroundService
{
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
        var checks = config.Checks.Where(c => c.ComponentId == componentId).ToList();
        return checks.Any(c => c.AutoIncident == true) || (config.Monitoring.AutoIncidents && !checks.Any(c => c.AutoIncident == false));
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
            }
        }
    }

    private void OnChanged(ComponentHealthChange change)
    {
        if (EnabledFor(change.ComponentId))
        {
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
            var incident = Open(change);
            await statusStore.SaveIncidentAsync(incident, ct).ConfigureAwait(false);
            await monitorStore.SetComponentIncidentAsync(change.ComponentId, incident.Id, ct).ConfigureAwait(false);
            LogOpened(logger, incident.Id, change.ComponentId);
        }
        else if (outage && open is not null)
        {
            await statusStore.SaveIncidentAsync(Escalate(open, change), ct).ConfigureAwait(false);
        }
        else if (!outage && open is not null)
        {
            await statusStore.SaveIncidentAsync(Resolve(open, change), ct).ConfigureAwait(false);
            await monitorStore.SetComponentIncidentAsync(change.ComponentId, null, ct).ConfigureAwait(false);
            LogResolved(logger, open.Id, change.ComponentId);
        }
    }

    private Incident Open(ComponentHealthChange change)
    {
        var id = Ids.New();
        var now = time.GetUtcNow();
        var m = config.Monitoring;
        return new Incident
        {
            Id = id,
            Name = Fill(m.IncidentTitle, change),
            Status = IncidentStatus.Investigating,
            Impact = ImpactOf(change.Status),
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = change.At,
            Automated = true,
            Components = [new AffectedComponent(change.ComponentId, change.Status)],
            Updates = [Update(id, "investigating", now, Fill(m.IncidentBody, change), new ComponentChange(change.ComponentId, ComponentStatus.Operational, change.Status))],
        };
    }

    private Incident Escalate(Incident open, ComponentHealthChange change)
    {
        var now = time.GetUtcNow();
        var old = open.Components.FirstOrDefault(c => c.ComponentId == change.ComponentId)?.Status ?? ComponentStatus.Operational;
        var update = Update(open.Id, WireNames.Of(open.Status), now, Fill("{component} is now in a {status}: {checks}.", change), new ComponentChange(change.ComponentId, old, change.Status));
        return open with
        {
            Impact = (IncidentImpact)Math.Max((int)open.Impact, (int)ImpactOf(change.Status)),
            UpdatedAt = now,
            Components = [.. open.Components.Where(c => c.ComponentId != change.ComponentId), new AffectedComponent(change.ComponentId, change.Status)],
            Updates = [update, .. open.Updates],
        };
    }

    private Incident Resolve(Incident open, ComponentHealthChange change)
    {
        var now = time.GetUtcNow();
        var old = open.Components.FirstOrDefault(c => c.ComponentId == change.ComponentId)?.Status ?? ComponentStatus.MajorOutage;
        var update = Update(open.Id, "resolved", now, Fill(config.Monitoring.ResolvedBody, change), new ComponentChange(change.ComponentId, old, ComponentStatus.Operational));
        return open with
        {
            Status = IncidentStatus.Resolved,
            ResolvedAt = now,
            UpdatedAt = now,
            Components = open.Components.Select(c => c with { Status = ComponentStatus.Operational }).ToList(),
            Updates = [update, .. open.Updates],
        };
    }

    private string Fill(string template, ComponentHealthChange change)
    {
        var failing = tracker.Failing(change.ComponentId);
        return template
            .Replace("{component}", config.FindComponent(change.ComponentId)?.Name ?? change.ComponentId, StringComparison.Ordinal)
            .Replace("{status}", StatusPage.Views.Labels.Of(change.Status).ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("{checks}", failing.Count == 0 ? "all checks pass" : string.Join("; ", failing), StringComparison.Ordinal)
            .Replace("{since}", change.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static IncidentImpact ImpactOf(ComponentStatus s) =>
        s == ComponentStatus.MajorOutage ? IncidentImpact.Critical : s == ComponentStatus.PartialOutage ? IncidentImpact.Major : IncidentImpact.Minor;

    private static IncidentUpdate Update(string parent, string status, DateTimeOffset at, string body, ComponentChange change) => new()
    {
        Id = Ids.New(),
        ParentId = parent,
        Status = status,
        Body = body,
        CreatedAt = at,
        UpdatedAt = at,
        DisplayAt = at,
        ComponentChanges = [change],
    };

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Opened automated incident {IncidentId} for {ComponentId}")]
    private static partial void LogOpened(ILogger logger, string incidentId, string componentId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Resolved automated incident {IncidentId} for {ComponentId}")]
    private static partial void LogResolved(ILogger logger, string incidentId, string componentId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Automatic incident handling failed for {ComponentId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string componentId);
}
