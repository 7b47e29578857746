using MimeKit;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Email;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTls
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,

    /// <summary>Plain connect, then STARTTLS, required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Implicit,
}

/// <summary>Email over SMTP: to the operators listed in `to`, or to a subscriber when the message is for one.</summary>
public sealed record EmailConfig : ChannelConfig
{
    public const string TypeName = "email";

    public override string Type => TypeName;

    public required string Host { get; init; }

    public int Port { get; init; } = 25;

    public SmtpTls Tls { get; init; } = SmtpTls.None;

    /// <summary>Sign in as this user when set (with <see cref="Password"/>).</summary>
    public string? Username { get; init; }

    public SecretSource? Password { get; init; }

    public required MailboxAddress From { get; init; }

    /// <summary>The operators' addresses; a subscriber's message goes to the subscriber only.</summary>
    public IReadOnlyList<MailboxAddress> To { get; init; } = [];

    public override INotificationChannel Build(ChannelContext context) => new EmailChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("host", "port", "tls", "username", "password_file", "password_env", "from", "to"));
        var host = r.String(map, "host", where, required: true);
        var tlsText = r.String(map, "tls", where) ?? "starttls";
        SmtpTls? tls = tlsText switch
        {
            "none" => SmtpTls.None,
            "starttls" => SmtpTls.StartTls,
            "implicit" => SmtpTls.Implicit,
            _ => null,
        };
        if (tls is null)
        {
            r.Error(YamlReader.Get(map, "tls"), $"{where}: 'tls' must be none, starttls or implicit, not '{tlsText}'");
        }

        var port = r.Int(map, "port", where, 1, 65535) ?? (tls == SmtpTls.Implicit ? 465 : tls == SmtpTls.StartTls ? 587 : 25);
        var username = r.String(map, "username", where);
        SecretSource? password = null;
        if (username is not null)
        {
            password = r.Secret(map, where, "password_file", "password_env",
                "'username' needs a password: 'password_file' naming a readable file or 'password_env' naming a set environment variable");
        }
        else if ((YamlReader.Get(map, "password_file") ?? YamlReader.Get(map, "password_env")) is { } stray)
        {
            r.Error(stray, $"{where}: a password needs 'username'");
        }

        var from = Address(r, map, where, "from", r.String(map, "from", where, required: true));
        var to = new List<MailboxAddress>();
        foreach (var text in r.Strings(map, "to", where))
        {
            if (Address(r, map, where, "to", text) is { } a)
            {
                to.Add(a);
            }
        }

        if (host is null || tls is null || from is null || (username is not null && password is null))
        {
            return null;
        }

        return new EmailConfig { Id = id, Host = host, Port = port, Tls = tls.Value, Username = username, Password = password, From = from, To = to };
    }

    private static MailboxAddress? Address(YamlReader r, YamlMappingNode map, string where, string key, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@', StringComparison.Ordinal))
        {
            return address;
        }

        r.Error(YamlReader.Get(map, key), $"{where}: '{key}': '{text}' is not an email address");
        return null;
    }
}
