using Pharos.Domain;

namespace Pharos.Demo;

/// <summary>A kind of trouble the fictional Tidewater Commerce runs into, with what its operators would say.</summary>
internal sealed record DemoScenario(
    string Name,
    string[] Components,
    ComponentStatus Status,
    IncidentImpact Impact,
    string Investigating,
    string Identified);

/// <summary>The demo's catalogue of incidents and its progress messages; written for Pharos.</summary>
internal static class DemoScenarios
{
    public static readonly DemoScenario[] All =
    [
        new("Checkout errors for some shoppers", ["storefront"], ComponentStatus.PartialOutage, IncidentImpact.Major,
            "Some shoppers see an error when they press **Place order**. We are looking into it.",
            "The payment step times out when it calls our card processor. We are moving traffic to the secondary processor."),
        new("Store admin is slow to load", ["store-admin"], ComponentStatus.DegradedPerformance, IncidentImpact.Minor,
            "Pages in the store admin take much longer than usual to load. Shops themselves are not affected.",
            "A slow database query on the orders list is the cause; we are rolling out an index."),
        new("Order confirmation emails delayed", ["email-receipts"], ComponentStatus.DegradedPerformance, IncidentImpact.Minor,
            "Order confirmation emails are arriving late. Orders themselves are recorded normally.",
            "Our mail provider is deferring part of our traffic. Queued emails will be delivered, in order."),
        new("Storefront unavailable", ["storefront", "store-admin"], ComponentStatus.MajorOutage, IncidentImpact.Critical,
            "Shops are not loading for shoppers and merchants cannot reach the admin. All hands are on it.",
            "A failed network switch in our primary data center cut the application servers off from the database."),
        new("Forum sign-in failures", ["forum"], ComponentStatus.PartialOutage, IncidentImpact.Minor,
            "Some members cannot sign in to the community forum.",
            "The single sign-on certificate on the forum expired; a new one is being installed."),
        new("Documentation search returns no results", ["docs"], ComponentStatus.DegradedPerformance, IncidentImpact.Minor,
            "Searching the documentation returns no results. Browsing works.",
            "The search index failed to rebuild after last night's publish; we are rebuilding it."),
        new("Affiliate commissions not updating", ["affiliates"], ComponentStatus.PartialOutage, IncidentImpact.Minor,
            "Affiliate dashboards show no new commissions since this morning. No commission is lost.",
            "The job that credits commissions stopped after a deploy; it is running again and catching up."),
        new("Subscription renewals failing for some merchants", ["billing"], ComponentStatus.PartialOutage, IncidentImpact.Major,
            "Some recurring charges for subscription products are failing. We are investigating.",
            "Renewals scheduled across the clock change were retried too early and declined; we are re-queueing them."),
        new("Custom domains showing certificate warnings", ["storefront"], ComponentStatus.PartialOutage, IncidentImpact.Major,
            "Shoppers visiting some shops on their own domains see a certificate warning.",
            "Certificate renewal for custom domains stalled; renewals are being issued again, oldest first."),
        new("Public website intermittently unreachable", ["website"], ComponentStatus.PartialOutage, IncidentImpact.Minor,
            "Our public website fails to load for some visitors.",
            "Our CDN is rejecting a fraction of requests in one region; we have routed around it."),
        new("Product images not loading", ["storefront"], ComponentStatus.DegradedPerformance, IncidentImpact.Minor,
            "Product images load slowly or not at all on some shops.",
            "The image resizing service ran out of disk; space has been freed and it is catching up."),
        new("Elevated error rates in the store admin", ["store-admin"], ComponentStatus.PartialOutage, IncidentImpact.Major,
            "Merchants see errors when saving products or settings.",
            "A configuration change exhausted database connections; it has been rolled back."),
    ];

    public static readonly string[] Progress =
    [
        "We are still working on this and will post again within 30 minutes.",
        "Recovery is under way; some requests may still fail while it completes.",
        "Error rates are falling. We continue to work on a full fix.",
        "We have added capacity and are watching the effect.",
        "Part of the traffic is back to normal; the rest follows as caches warm up.",
        "The team is verifying every affected shop one by one.",
    ];

    public const string Monitoring = "A fix is in place. We are watching closely to make sure the problem does not come back.";

    public const string Resolved = "This incident has been resolved. Everything is working normally again.";

    public const string BlipResolved = "The problem lasted a few minutes and has cleared by itself. We are looking at why it happened.";

    public const string Postmortem = """
        ## What happened
        A network switch in our primary data center failed and kept its links up, so traffic was not moved to the
        standby switch. Application servers lost their connection to the database and shops stopped loading.

        ## Why it took so long
        - Our failover to the standby environment needed a person to approve it, and the alert reached the on-call
          engineer only after 14 minutes.
        - The standby environment had not been tested end to end for three months; two settings differed from production.

        ## What we are changing
        1. Automatic DNS failover after three failed checks in a row, with a TTL of 300 seconds.
        2. A monthly failover drill, in business hours, with the timings published here.
        3. Alerts go out through two independent channels.

        We are sorry for the lost sales this caused our merchants.
        """;
}
