using System.Buffers.Text;
using Pharos.Cli;
using Pharos.Config;
using Pharos.Monitoring.Checks;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

public class HeartbeatTokenTests
{
    private static int SiteLines => MonitorTestConfigs.Site.Split('\n').Length;

    private static ConfigError Error(string token) =>
        Should.Throw<ConfigException>(() => MonitorTestConfigs.Load($"checks:\n  - id: job\n    type: heartbeat\n    period: 1h\n    token: {token}\n")).Errors.ShouldHaveSingleItem();

    [Fact]
    public void A_short_token_is_refused_at_its_line_with_the_way_to_make_a_good_one()
    {
        var e = Error("nightly-billing-1");
        e.Line.ShouldBe(SiteLines + 5);
        e.Column.ShouldBe(12);
        e.Message.ShouldContain("is too short");
        e.Message.ShouldContain("pharos heartbeat token");
        e.Message.ShouldNotContain("nightly-billing-1", customMessage: "the token is a secret and stays out of messages");
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeats too few characters")]
    [InlineData("Ab1-Ab1-Ab1-Ab1-Ab1-Ab1-Ab1-Ab1-", "repeats too few characters")]
    [InlineData("kR7v-0123456789-Tq2wLmNp", "run of 6")]
    [InlineData("Zq8wPLkfwqRSTUVWxa9_mX", "run of 6")]
    [InlineData("token/with+slashes=and-more-of-it", "only letters, digits")]
    public void A_visibly_patterned_token_is_refused_even_when_long_enough(string token, string reason)
    {
        Error(token).Message.ShouldContain(reason);
    }

    [Theory]
    [InlineData("0f3c9a7be1d24c58a6e0b9d17f42c3e8")] // 32 hex digits: exactly 128 bits
    [InlineData("OOoLZ8wNqS-7rkJ4whZJaQ")] // 22 base64url characters, as `pharos heartbeat token` prints
    [InlineData("q7vx2mlk9c4tr0zp8yh3wnb6f")] // 25 of [a-z0-9]
    public void A_token_of_128_random_bits_is_accepted(string token)
    {
        HeartbeatToken.Weakness(token).ShouldBeNull();
        HeartbeatToken.Weakness(token[..^1]).ShouldNotBeNull("one character less is below 128 bits");
    }

    [Fact]
    public void A_token_from_the_environment_is_judged_too_and_the_error_names_the_variable()
    {
        var name = $"PHAROS_TEST_HEARTBEAT_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "0000000000000000");
        try
        {
            var e = Should.Throw<ConfigException>(() => MonitorTestConfigs.Load($"checks:\n  - id: job\n    type: heartbeat\n    period: 1h\n    token_env: {name}\n")).Errors.ShouldHaveSingleItem();
            e.Line.ShouldBe(SiteLines + 5);
            e.Message.ShouldContain($"the heartbeat token in {name}");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Two_heartbeats_may_not_share_a_token()
    {
        var token = HeartbeatToken.Generate();
        var errors = Should.Throw<ConfigException>(() => MonitorTestConfigs.Load($$"""
            checks:
              - { id: one, type: heartbeat, period: 1h, token: {{token}} }
              - { id: two, type: heartbeat, period: 1h, token: {{token}} }
            """)).Errors;
        errors.ShouldHaveSingleItem().Message.ShouldContain("has the same token as 'one'");
    }

    [Fact]
    public void Generated_tokens_are_128_random_bits_in_22_url_safe_characters_that_the_config_accepts()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => HeartbeatToken.Generate()).ToList();
        tokens.ShouldAllBe(t => t.Length == 22 && HeartbeatToken.Weakness(t) == null);
        tokens.Distinct().Count().ShouldBe(tokens.Count);
        Base64Url.DecodeFromChars(tokens[0]).Length.ShouldBe(16);
        MonitorTestConfigs.Load($"checks:\n  - id: job\n    type: heartbeat\n    period: 1h\n    token: {tokens[0]}\n").Checks.ShouldHaveSingleItem();
    }

    [Fact]
    public void Random_tokens_from_other_tools_are_almost_never_refused()
    {
        // Seeded, so that the figure is the same on every run: what share of honest 128-bit tokens the pattern rules
        // refuse, as `openssl rand -hex 16` and base64url without our redraw would make them.
        var random = new Random(20261126);
        var hex = Enumerable.Range(0, 20_000).Select(_ => Convert.ToHexStringLower(Bytes(random))).Count(t => HeartbeatToken.Weakness(t) is not null);
        var b64 = Enumerable.Range(0, 20_000).Select(_ => Base64Url.EncodeToString(Bytes(random))).Count(t => HeartbeatToken.Weakness(t) is not null);
        hex.ShouldBeLessThanOrEqualTo(5, "about 1 in 20,000 hex tokens holds a run of 6");
        b64.ShouldBeLessThanOrEqualTo(2);

        static byte[] Bytes(Random random)
        {
            var b = new byte[16];
            random.NextBytes(b);
            return b;
        }
    }

    [Fact]
    public async Task Pharos_heartbeat_token_prints_a_fresh_token_each_time()
    {
        var first = new StringWriter();
        var second = new StringWriter();
        (await PharosCli.RunAsync(["heartbeat", "token"], first)).ShouldBe(0);
        (await PharosCli.RunAsync(["heartbeat", "token"], second)).ShouldBe(0);
        var a = first.ToString().Trim();
        a.Length.ShouldBe(22);
        HeartbeatToken.Weakness(a).ShouldBeNull();
        second.ToString().Trim().ShouldNotBe(a);
    }
}
