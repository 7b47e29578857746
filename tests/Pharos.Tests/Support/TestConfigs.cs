namespace Pharos.Tests.Support;

/// <summary>Small configs for tests; each test gets its own copy.</summary>
public static class TestConfigs
{
    /// <summary>The sample config that `serve --demo` uses.</summary>
    /// <remarks>Its fixed ports (DNS, failover site) become "any free port" so tests can run side by side.</remarks>
    public static string Demo => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "demo", "pharos.yaml"))
        .Replace("127.0.0.1:5353", "127.0.0.1:0", StringComparison.Ordinal)
        .Replace("127.0.0.20:8443", "127.0.0.20:0", StringComparison.Ordinal)
        .Replace("127.0.0.20:8081", "127.0.0.20:0", StringComparison.Ordinal)
        .Replace("file: site/widget.js", $"file: {Path.Combine(AppContext.BaseDirectory, "samples", "demo", "site", "widget.js")}", StringComparison.Ordinal);

    public const string Basic = """
        site:
          name: Test Shop
          public_url: http://status.test.example/
          time_zone: America/Los_Angeles
          refresh_interval: 2s
          page_id: testpage0001
        groups:
          - id: core
            name: Core
            order: 1
        components:
          - id: app
            name: Application
            description: Checkout and cart
            group: core
            order: 1
          - id: admin
            name: Admin
            group: core
            order: 2
          - id: forum
            name: Forum
            order: 2
          - id: hidden
            name: Hidden unless broken
            order: 3
            only_show_if_degraded: true
        """;
}
