using Pharos.Storage;

namespace Pharos.Tests.Support;

/// <summary>A base for app-level tests that run once per dialect: apps they start keep their data in that dialect.</summary>
public abstract class DialectAppTests(SqlDialect dialect)
{
    protected SqlDialect Dialect { get; } = dialect;

    /// <summary><see cref="TestApp.StartAsync"/> on this class's dialect.</summary>
    protected Task<TestApp> StartAppAsync(string yaml = TestConfigs.Basic, bool demo = false, TimeProvider? time = null, Action<IServiceCollection>? configure = null, string? dataDirectory = null, Func<PharosConfig, PharosConfig>? adjust = null) =>
        TestApp.StartAsync(yaml, demo, time, configure, dataDirectory, adjust, Dialect);
}
