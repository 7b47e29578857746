using Pharos.Config;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Ops;

public sealed class HealthConfigTests
{
    [Fact]
    public void Health_and_heartbeat_settings_are_read_with_defaults_for_what_is_left_out()
    {
        var c = ConfigLoader.Load(TestConfigs.Basic + """

            notifications:
              health:
                max_pending_age: 10m
                max_pending: 500
              heartbeat:
                url: https://hc.example/ping/abc
                interval: 30s
            """, "pharos.yaml").Notifications;
        c.Health.MaxPendingAge.ShouldBe(TimeSpan.FromMinutes(10));
        c.Health.MaxPending.ShouldBe(500);
        c.Health.MaxRouterLag.ShouldBe(TimeSpan.FromMinutes(1));
        c.Health.DatabaseTimeout.ShouldBe(TimeSpan.FromSeconds(2));
        c.Heartbeat.Url!.ToString().ShouldBe("https://hc.example/ping/abc");
        c.Heartbeat.Interval.ShouldBe(TimeSpan.FromSeconds(30));
        ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml").Notifications.Health.MaxPending.ShouldBe(10_000);
    }

    [Fact]
    public void A_wrong_health_setting_names_the_file_line_and_field()
    {
        var yaml = TestConfigs.Basic + """

            notifications:
              health:
                max_pending: 0
                max_oldest: 5m
            """;
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;
        errors.ShouldContain(e => e.File == "pharos.yaml" && e.Message.Contains("max_pending") && e.Line > 20);
        errors.ShouldContain(e => e.Message.Contains("max_oldest"));
    }
}
