using Pharos.Config;
using Pharos.Notifications.Channels.Command;
using Pharos.Notifications.Channels.Email;
using Pharos.Notifications.Channels.Social;
using Pharos.Notifications.Channels.Web;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Channels;

/// <summary>Reading `notifications.channels`: every type loads, and every mistake names its line and field.</summary>
public sealed class ChannelConfigReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Yaml(string channels) => $$"""
        site: { name: Shop, public_url: "http://status.test.example/" }
        notifications:
          channels:
        {{channels}}
        """;

    private static IReadOnlyList<ConfigError> Errors(string channels) =>
        Should.Throw<ConfigException>(() => ConfigLoader.Load(Yaml(channels), "pharos.yaml")).Errors;

    [Fact]
    public void Every_type_loads_with_its_fields()
    {
        var secret = _dir.Write("secret", "s3cret\n");
        var url = _dir.Write("url", "https://hooks.slack.com/services/T0/B0/XYZ\n");
        var channels = $$$"""
              - { id: mail, type: email, host: smtp.test.example, tls: implicit, username: pharos, password_file: {{{secret}}}, from: "Pharos <pharos@test.example>", to: [ops@test.example], concurrency: 8, timeout: 20s }
              - { id: hook, type: webhook, url: "https://receiver.test.example/in", method: PUT, headers: { X-Team: ops }, secret_file: {{{secret}}}, body: '{"t": "{{title}}"}' }
              - { id: slack, type: slack, url_file: {{{url}}} }
              - { id: mm, type: mattermost, url_file: {{{url}}} }
              - { id: dc, type: discord, url_file: {{{url}}} }
              - { id: teams, type: teams, url_file: {{{url}}} }
              - { id: pd, type: pagerduty, routing_key_file: {{{secret}}} }
              - { id: push, type: ntfy, topic: pharos-alerts, token_file: {{{secret}}} }
              - { id: cmd, type: command, program: /bin/sh, args: [-c, "cat > /dev/null"] }
              - { id: toot, type: mastodon, instance: "https://mastodon.test.example", access_token_file: {{{secret}}} }
              - { id: x, type: x, bearer_token_file: {{{secret}}} }
            """;

        var config = ConfigLoader.Load(Yaml(channels), "pharos.yaml").Notifications.Channels;

        config.Select(c => c.Type).ShouldBe(["email", "webhook", "slack", "mattermost", "discord", "teams", "pagerduty", "ntfy", "command", "mastodon", "x"]);
        var mail = config[0].ShouldBeOfType<EmailConfig>();
        (mail.Port, mail.Tls, mail.Concurrency, mail.Timeout).ShouldBe((465, SmtpTls.Implicit, 8, TimeSpan.FromSeconds(20)));
        mail.To.Single().Address.ShouldBe("ops@test.example");
        var hook = config[1].ShouldBeOfType<WebhookConfig>();
        hook.Method.ShouldBe(HttpMethod.Put);
        hook.Headers["X-Team"].ShouldBe("ops");
        hook.Body.ShouldNotBeNull();
        config[6].ShouldBeOfType<PagerDutyConfig>().ApiBase.ShouldBe(new Uri("https://events.pagerduty.com/"));
        config[7].ShouldBeOfType<NtfyConfig>().Server.ShouldBe(new Uri("https://ntfy.sh/"));
        config[8].ShouldBeOfType<CommandConfig>().Args.ShouldBe(["-c", "cat > /dev/null"]);
        config[9].ShouldBeOfType<MastodonConfig>().MaxCharacters.ShouldBe(500);
        config[10].ShouldBeOfType<XConfig>().ApiBase.ShouldBe(new Uri("https://api.x.com/"));
    }

    [Fact]
    public void An_unknown_type_is_named_with_its_line_and_the_known_types()
    {
        var e = Errors("""
                  - { id: a, type: pigeon }
            """).ShouldHaveSingleItem();

        e.Line.ShouldBe(4);
        e.Message.ShouldContain("unknown channel type 'pigeon'");
        e.Message.ShouldContain("email, mastodon, mattermost, ntfy, pagerduty, slack, teams, webhook, x");
    }

    [Fact]
    public void A_missing_secret_names_the_channel_and_the_fields()
    {
        var e = Errors("""
                  - id: pd
                    type: pagerduty
                    routing_key_env: PHAROS_TEST_NO_SUCH_VARIABLE
            """).ShouldHaveSingleItem();

        e.Line.ShouldBe(4);
        e.Message.ShouldContain("notifications.channels[1] (pd)");
        e.Message.ShouldContain("'routing_key_file'");
        e.Message.ShouldContain("'routing_key_env'");
    }

    [Fact]
    public void A_bad_url_names_its_line_and_field()
    {
        var e = Errors("""
                  - id: hook
                    type: webhook
                    url: ftp://receiver.test.example/in
            """).ShouldHaveSingleItem();

        e.Line.ShouldBe(6);
        e.Message.ShouldContain("'url' must be an absolute http(s) URL, not 'ftp://receiver.test.example/in'");
    }

    [Fact]
    public void A_secret_url_that_is_not_a_url_is_refused_without_showing_it()
    {
        var file = _dir.Write("url", "hooks.slack.com/services/T0/B0/SECRETPART\n");

        var e = Errors($$"""
                  - { id: s, type: slack, url_file: {{file}} }
            """).ShouldHaveSingleItem();

        e.Message.ShouldContain($"the file {file} does not hold an absolute http(s) URL");
        e.Message.ShouldNotContain("SECRETPART");
    }

    [Fact]
    public void A_chat_webhook_url_written_in_the_config_is_refused()
    {
        Errors("""
                  - { id: s, type: slack, url: "https://hooks.slack.com/services/T0/B0/XYZ" }
            """).ShouldHaveSingleItem().Message.ShouldContain("is a secret: give it through 'url_file' or 'url_env'");
    }

    [Fact]
    public void Field_mistakes_of_each_type_are_reported_together()
    {
        var errors = Errors("""
                  - { id: m, type: email, host: smtp.test.example, tls: ssl, from: not-an-address, to: [ops@test.example] }
                  - { id: w, type: webhook, url: "https://r.test.example/", body: '{"a": {{title}}}', colour: red }
                  - { id: n, type: ntfy, topic: "bad topic!" }
                  - { id: t, type: mastodon, instance: "https://m.test.example", access_token_env: PHAROS_TEST_NO_SUCH_VARIABLE, visibility: everyone }
            """);

        var messages = string.Join("\n", errors.Select(e => $"{e.Line}: {e.Message}"));
        messages.ShouldContain("4: notifications.channels[1] (m): 'tls' must be none, starttls or implicit, not 'ssl'");
        messages.ShouldContain("4: notifications.channels[1] (m): 'from': 'not-an-address' is not an email address");
        messages.ShouldContain("5: unknown field 'colour'");
        messages.ShouldContain("5: notifications.channels[2] (w): 'body': the body is not valid JSON");
        messages.ShouldContain("6: notifications.channels[3] (n): 'topic' may hold only letters");
        messages.ShouldContain("7: notifications.channels[4] (t): mastodon needs an access token");
    }
}
