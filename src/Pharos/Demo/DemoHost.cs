using Pharos.Config;
using Pharos.Hosting;
using Pharos.Monitoring.Storage;
using Pharos.Storage;

namespace Pharos.Demo;

/// <summary>
/// `serve --demo`: the ordinary host plus the demo's parts, plugged in through the host's hooks (services before
/// the build, data after the migrations), so the product's host knows nothing of the demo.
/// </summary>
public static class DemoHost
{
    public static async Task<WebApplication> BuildAsync(ServeOptions options, PharosConfig config, Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var (demoConfig, certificate) = DemoCertificate.Ensure(config, options.DataDirectory);
        var sink = await DemoSink.StartAsync(ct).ConfigureAwait(false);
        try
        {
            var (withNotifications, problems) = sink.Configure(demoConfig);
            demoConfig = withNotifications;
            return await PharosHost.BuildAsync(
                options,
                demoConfig,
                services =>
                {
                    services.AddHostedService<DemoTargets>();
                    services.AddHostedService<DemoPrimary>();
                    services.AddSingleton(sink);
                    services.AddHostedService<DemoSinkLifetime>();
                    configure?.Invoke(services);
                },
                ct,
                async (app, token) =>
                {
                    if (certificate is not null)
                    {
                        app.Logger.LogWarning("Generated a self-signed certificate for the demo failover site's names at {Path}; browsers will warn about it", certificate);
                    }

                    sink.Smtp.Logger = app.Logger;
                    DemoSink.LogListening(app.Logger, sink.Smtp.Endpoint.ToString(), new Uri(sink.Webhook.Address, "hooks/").AbsoluteUri);
                    if (problems.Count > 0)
                    {
                        DemoSink.LogNotConfigured(app.Logger, string.Join("; ", problems));
                    }

                    app.MapDemoInbox(sink);
                    var store = app.Services.GetRequiredService<IStatusStore>();
                    var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
                    await DemoSeeder.SeedIfEmptyAsync(store, app.Services.GetRequiredService<IStatusWriteStore>(), demoConfig, now, token).ConfigureAwait(false);
                    await DemoMonitorSeeder.SeedIfEmptyAsync(store, app.Services.GetRequiredService<IMonitorStore>(), demoConfig, now, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>Stops the demo's sink with the host: it was started before the host, to give the config its ports.</summary>
internal sealed class DemoSinkLifetime(DemoSink sink) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => sink.DisposeAsync().AsTask();
}
