using Pharos.Config;
using Pharos.Tests.Support;

namespace Pharos.Tests.Config;

public class IncidentTemplateTests
{
    [Fact]
    public void Templates_load_with_their_components()
    {
        var c = ConfigLoader.Load(TestConfigs.Basic + """

            incident_templates:
              - id: checkout-down
                name: Checkout unavailable
                impact: critical
                components:
                  app: major_outage
                message: We are investigating.
            """, "pharos.yaml");
        var t = c.IncidentTemplates.ShouldHaveSingleItem();
        t.Id.ShouldBe("checkout-down");
        t.Impact.ShouldBe("critical");
        t.Components["app"].ShouldBe("major_outage");
    }

    [Fact]
    public void Template_errors_name_line_and_column()
    {
        var yaml = TestConfigs.Basic + """

            incident_templates:
              - id: t1
                name: Broken
                impact: apocalyptic
                components:
                  nowhere: major_outage
                  app: on_fire
            """;
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;
        var lines = yaml.Split('\n');
        var impactLine = Array.FindIndex(lines, l => l.Contains("apocalyptic", StringComparison.Ordinal)) + 1;
        var nowhereLine = Array.FindIndex(lines, l => l.Contains("nowhere", StringComparison.Ordinal)) + 1;
        var fireLine = Array.FindIndex(lines, l => l.Contains("on_fire", StringComparison.Ordinal)) + 1;
        errors.ShouldContain(e => e.Line == impactLine && e.Message.Contains("impact", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Line == nowhereLine && e.Message.Contains("nowhere", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Line == fireLine && e.Column == lines[fireLine - 1].IndexOf("on_fire", StringComparison.Ordinal) + 1);
        errors.ShouldContain(e => e.Message.Contains("'message' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_config_has_templates() =>
        ConfigLoader.Load(TestConfigs.Demo, "demo.yaml").IncidentTemplates.Count.ShouldBeGreaterThan(0);
}
