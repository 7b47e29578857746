using Pharos.Accounts;
using Pharos.Admin;
using Pharos.Hosting;

namespace Pharos.Demo;

/// <summary>The admin's Demo inbox, only in `serve --demo`: admins see what the demo's sink received.</summary>
public static class DemoInboxEndpoints
{
    public const string Path = "/admin/demo/inbox";

    public static IEndpointRouteBuilder MapDemoInbox(this IEndpointRouteBuilder app, DemoSink sink)
    {
        app.MapGet(Path, (HttpContext http, AdminPages pages, PharosConfig config) => pages.RenderAsync<DemoInboxPage>(http, new()
        {
            ["Primary"] = DemoPrimary.EndpointFor(config).ToString(),
            ["Messages"] = sink.Inbox.All(),
            ["Count"] = sink.Inbox.Count,
            ["Smtp"] = sink.Smtp.Endpoint.ToString(),
            ["Webhook"] = new Uri(sink.Webhook.Address, "hooks/").AbsoluteUri,
        })).RequireAuthorization(AuthPolicies.AdminAdmin);
        return app;
    }
}
