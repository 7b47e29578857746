using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Config;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Tests.Support;

/// <summary>A real Pharos server on a free loopback port with its own data folder, for HTTP-level tests.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TempDir? _ownDir;
    private int _disposed;

    private TestApp(TempDir? ownDir, string dataDirectory, WebApplication app, Uri address)
    {
        _ownDir = ownDir;
        DataDirectory = dataDirectory;
        App = app;
        Address = address;
        Client = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The data folder: the test's own, or one given to survive a restart.</summary>
    public string DataDirectory { get; }

    public IServiceProvider Services => App.Services;

    public IStatusStore Store => Services.GetRequiredService<IStatusStore>();

    public StatusSnapshot Snapshot => Services.GetRequiredService<StatusSite>().Snapshot!;

    public static async Task<TestApp> StartAsync(string yaml = TestConfigs.Basic, bool demo = false, TimeProvider? time = null, Action<IServiceCollection>? configure = null, string? dataDirectory = null, Func<PharosConfig, PharosConfig>? adjust = null)
    {
        var ownDir = dataDirectory is null ? new TempDir() : null;
        var path = dataDirectory ?? ownDir!.Path;
        var configPath = Path.Combine(path, "pharos.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        var config = ConfigLoader.LoadFile(configPath);
        // What a test needs that pharos.yaml cannot say yet (a channel type built on another branch).
        config = adjust?.Invoke(config) ?? config;
        var options = new ServeOptions { ConfigPath = configPath, DataDirectory = path, Urls = "http://127.0.0.1:0", Demo = demo };
        Action<IServiceCollection> services0 = services =>
        {
            if (time is not null)
            {
                services.Replace(ServiceDescriptor.Singleton(time));
            }

            configure?.Invoke(services);
        };
        var app = demo ? await Pharos.Demo.DemoHost.BuildAsync(options, config, services0) : await PharosHost.BuildAsync(options, config, services0);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(ownDir, path, app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Reloads the snapshot now instead of waiting for the next poll.</summary>
    public Task RefreshAsync() => Services.GetRequiredService<StatusRefresher>().RefreshAsync(force: true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may stop a node early and still dispose it at the end.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownDir?.Dispose();
    }
}
