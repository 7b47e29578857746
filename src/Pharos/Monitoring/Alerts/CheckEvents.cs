using System.Globalization;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Monitoring.Alerts;

/// <summary>
/// Says what monitoring's changes mean to operators: the check.down, check.up, check.degraded, heartbeat.silent and
/// certificate.expiring events, each with the check's name, target, component and hostname for routes and templates.
/// </summary>
public sealed class CheckEvents(HeartbeatRegistry heartbeats, SiteCatalog site)
{
    /// <summary>Who monitoring's events are raised by.</summary>
    public static readonly string Actor = Audit.Actor.System("monitoring").ToString();

    /// <summary>
    /// The kind a change raises, or null. A check's first state raises nothing when it is up (there was nothing to
    /// recover from); a first state that is a problem is news. A heartbeat nobody called is silent, not down.
    /// </summary>
    public static string? KindOf(CheckConfig check, CheckHealth from, CheckHealth to, bool jobReportedFailure) => to switch
    {
        _ when from == to => null,
        CheckHealth.Up when from == CheckHealth.Pending => null,
        CheckHealth.Up => EventKinds.CheckUp,
        CheckHealth.Degraded => EventKinds.CheckDegraded,
        CheckHealth.Down when check is HeartbeatCheckConfig && !jobReportedFailure => EventKinds.HeartbeatSilent,
        CheckHealth.Down => EventKinds.CheckDown,
        _ => null,
    };

    /// <summary>The event a state change raises, or null when it raises none.</summary>
    public DomainEvent? For(CheckConfig check, CheckStateChange change)
    {
        var reported = check is HeartbeatCheckConfig && heartbeats.Last(check.Id) is { Failed: true };
        if (KindOf(check, change.Previous, change.Health, reported) is not { } kind)
        {
            return null;
        }

        var label = kind switch
        {
            EventKinds.CheckUp => "Up",
            EventKinds.CheckDegraded => "Degraded",
            EventKinds.HeartbeatSilent => "Silent",
            _ => "Down",
        };
        var data = Data(check);
        data[NoticeData.Status] = WireName(change.Health);
        data["previous"] = WireName(change.Previous);
        data["since"] = change.Since.ToString("O", CultureInfo.InvariantCulture);
        if (change.Health != CheckHealth.Up && !string.IsNullOrWhiteSpace(change.Message))
        {
            data[NoticeData.Error] = change.Message;
        }

        var where = check.ComponentId is { } c ? $" ({site.FindComponent(c)?.Name ?? c})" : "";
        // A custom hostname's check events also reach that hostname's subscribers, so their text holds only what
        // customers may see: the error and the probed target (internal hosts, addresses) only with public_details.
        // Operators' structured channels still get both in the data.
        var internals = check.Hostname is null || check.PublicDetails;
        var detail = internals ? $": {change.Message ?? "no detail"}. Target: {check.Target}." : ".";
        var text = kind == EventKinds.CheckUp
            ? $"{check.Name}{where} passes again since {Utc(change.Since)} after being {WireName(change.Previous)}.{(internals ? $" Target: {check.Target}." : "")}"
            : $"{check.Name}{where} is {WireName(change.Health)} since {Utc(change.Since)}{detail}";
        return OperationalEvent.Create(kind, "check", check.Id, change.Since, Actor, $"{label}: {check.Name}", text, data);
    }

    /// <summary>A certificate within its warning window; its subject is the certificate, so it is announced once.</summary>
    public DomainEvent CertificateExpiring(CheckConfig check, ExpiringCertificate cert, DateTimeOffset at)
    {
        var data = Data(check);
        data["certificate"] = cert.Subject;
        data["thumbprint"] = cert.Thumbprint;
        data["not_after"] = cert.NotAfter.ToString("O", CultureInfo.InvariantCulture);
        data["days_left"] = Math.Max(0, (cert.NotAfter - at).TotalDays).ToString("0.#", CultureInfo.InvariantCulture);
        return OperationalEvent.Create(
            EventKinds.CertificateExpiring,
            "certificate",
            cert.Thumbprint,
            at,
            Actor,
            $"Certificate expiring: {check.Hostname ?? cert.Subject}",
            $"The certificate {cert.Subject} seen by {check.Name} ({check.Target}) expires on {Utc(cert.NotAfter)}, in {data["days_left"]} days. Renew it before then.",
            data);
    }

    private static Dictionary<string, string> Data(CheckConfig check)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["check"] = check.Id,
            [NoticeData.Name] = check.Name,
            ["check_type"] = check.Type.ToString().ToLowerInvariant(),
            ["target"] = check.Target,
            // Whether the check's error may be shown to customers (public_details); operators always see it.
            ["public_details"] = check.PublicDetails ? "true" : "false",
        };
        if (check.ComponentId is { } component)
        {
            data["component"] = component;
            data[NoticeData.Components] = component;
        }

        if (check.Hostname is { } hostname)
        {
            data["hostname"] = hostname;
        }

        return data;
    }

    private static string WireName(CheckHealth h) => h switch
    {
        CheckHealth.Up => "up",
        CheckHealth.Degraded => "degraded",
        CheckHealth.Down => "down",
        _ => "unknown",
    };

    private static string Utc(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
