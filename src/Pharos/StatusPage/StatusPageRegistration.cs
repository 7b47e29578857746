using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Markdown;
using Pharos.StatusPage.Badges;
using Pharos.StatusPage.Feeds;

namespace Pharos.StatusPage;

/// <summary>Registers the public site: the snapshot, its refresher, the renderers and the feeds.</summary>
public static class StatusPageRegistration
{
    public static IServiceCollection AddStatusPage(this IServiceCollection services)
    {
        // Pages in German, French and Spanish keep their letters ("ü", not "&#xFC;"); markup characters are still escaped.
        services.TryAddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddSingleton<StatusSite>();
        services.AddSingleton<AssetUrls>();
        services.AddSingleton<EmbedScript>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<Pages>();
        services.AddSingleton<PageLanguages>();
        services.AddSingleton<HistoryFeeds>();
        services.AddSingleton<MaintenanceCalendar>();
        services.AddSingleton<StatusRefresher>();
        services.AddSingleton<SubscribeForm>();
        services.AddSingleton<SubscribePages>();
        services.AddSingleton<Writes.IAfterCommit, RefreshAfterCommit>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusRefresher>());
        return services;
    }
}
