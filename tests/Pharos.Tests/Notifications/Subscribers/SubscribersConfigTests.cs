using Pharos.Config;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>`notifications.subscribers:` in pharos.yaml.</summary>
public sealed class SubscribersConfigTests
{
    [Fact]
    public void The_section_reads_with_defaults()
    {
        var c = ConfigLoader.Load(TestConfigs.Basic + "\nnotifications:\n  subscribers:\n    max_subscribers: 500\n    rate_limit:\n      per_address: 2\n", "pharos.yaml").Notifications.Subscribers;

        c.Enabled.ShouldBeTrue();
        c.MaxSubscribers.ShouldBe(500);
        c.RatePerAddress.ShouldBe(2);
        c.RateWindow.ShouldBe(TimeSpan.FromHours(1));
        c.AllowPrivateWebhooks.ShouldBeFalse();
        c.EmailChannel.ShouldBeNull();
    }

    [Fact]
    public void Errors_name_the_file_line_and_field()
    {
        var yaml = TestConfigs.Basic + "\nnotifications:\n  subscribers:\n    max_subscribers: 0\n    email_channel: nowhere\n    rate_limit:\n      window: soon\n    colour: blue\n";
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors.Select(e => e.ToString()).ToList();
        var baseLine = TestConfigs.Basic.Split('\n').Length;

        errors.ShouldContain(e => e.StartsWith($"pharos.yaml:{baseLine + 3}:", StringComparison.Ordinal) && e.Contains("'max_subscribers'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith($"pharos.yaml:{baseLine + 4}:", StringComparison.Ordinal) && e.Contains("nowhere", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith($"pharos.yaml:{baseLine + 6}:", StringComparison.Ordinal) && e.Contains("'window'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Contains("colour", StringComparison.Ordinal));
    }
}
