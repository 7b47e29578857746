using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using Pharos.Config;

namespace Pharos.Notifications.Channels.Email;

/// <summary>
/// Builds the MIME message: multipart/alternative with plain text and HTML (every value HTML-encoded, never inserted
/// raw), times in the site's display zone and UTC, the links, and for a subscriber the RFC 8058 one-click headers.
/// </summary>
public static class EmailRenderer
{
    public static MimeMessage Render(OutboundMessage m, EmailConfig config, SiteCatalog site, DateTimeOffset now)
    {
        // A subscriber reads their own language; an operator's alert stays in English.
        var texts = m.Recipient is { } reader ? EmailTexts.For(reader.Language) : EmailTexts.English;
        var message = new MimeMessage
        {
            Subject = OneLine(m.Recipient is null || m.Grouped.Count > 1 ? MessageText.Title(m) : texts.TitleOf(m.Notice)),
            Date = now,
            MessageId = MessageId(m.IdempotencyKey, site.Site.PublicUrl.Host),
        };
        // Copies, never the config's own instances: an address list subscribes to its addresses' Changed events, so
        // adding one shared address to every message would keep every message ever sent alive through it.
        message.From.Add(Copy(config.From));
        if (m.Recipient is { } r)
        {
            message.To.Add(MailboxAddress.Parse(r.Address));
            message.Headers.Add("List-Unsubscribe", $"<{r.UnsubscribeUrl.AbsoluteUri}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        else
        {
            message.To.AddRange(config.To.Select(Copy));
        }

        // RFC 3834: no vacation replies or bounces-to-bounces for machine-sent mail.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Pharos-Event", m.Notice.Kind);
        var body = new BodyBuilder { TextBody = Text(m, site, texts), HtmlBody = Html(m, site, texts) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The Message-ID for an idempotency key: the same on every attempt, so a receiver that saw it drops the repeat.
    /// Characters outside letters, digits, '-', '_' and '+' become =XX, which keeps distinct keys distinct.
    /// </summary>
    public static string MessageId(string key, string host)
    {
        var sb = new StringBuilder(key.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('=').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        var domain = string.IsNullOrEmpty(host) || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? "pharos.local" : host;
        return $"{sb}@{domain}";
    }

    private static string Text(OutboundMessage m, SiteCatalog site, EmailTexts t)
    {
        var sb = new StringBuilder();
        if (m.Grouped.Count > 1)
        {
            sb.Append(t.GroupedIntro(m.Grouped.Count)).Append("\n\n");
        }

        foreach (var n in m.All)
        {
            sb.Append(Title(m, n, t)).Append("\n\n").Append(n.Text).Append("\n\n");
            sb.Append(t.When).Append(": ").Append(MessageText.When(n.At, site.Site.TimeZone)).Append('\n');
            if (n.Url is { } url)
            {
                sb.Append(t.Open).Append(": ").Append(url).Append('\n');
            }

            sb.Append('\n');
        }

        if (m.AcknowledgeUrl is { } ack)
        {
            sb.Append(t.Acknowledge).Append(": ").Append(ack.AbsoluteUri).Append('\n').Append(t.AcknowledgeHint).Append("\n\n");
        }

        sb.Append("-- \n");
        if (m.Recipient is { } r)
        {
            sb.Append(t.SubscriberFooter(site.Site.Name)).Append('\n');
            sb.Append(t.Unsubscribe).Append(": ").Append(r.UnsubscribeUrl.AbsoluteUri).Append('\n');
        }
        else
        {
            sb.AppendFormat(CultureInfo.InvariantCulture, t.OperatorFooter, site.Site.Name).Append('\n');
        }

        return sb.ToString();
    }

    private static string Html(OutboundMessage m, SiteCatalog site, EmailTexts t)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"").Append(E(t.Words.Code)).Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(MessageText.Title(m))).Append("</title></head>");
        sb.Append("<body style=\"font-family:sans-serif;line-height:1.4;color:#1d1d1f;max-width:640px\">");
        if (m.Grouped.Count > 1)
        {
            sb.Append("<p>").Append(E(t.GroupedIntro(m.Grouped.Count))).Append("</p>");
        }

        foreach (var n in m.All)
        {
            sb.Append("<h2 style=\"font-size:18px\">").Append(E(Title(m, n, t))).Append("</h2>");
            sb.Append("<p>").Append(E(n.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
            sb.Append("<p style=\"color:#555\">").Append(E(t.When)).Append(": ").Append(E(MessageText.When(n.At, site.Site.TimeZone))).Append("</p>");
            if (Link(n.Url) is { } url)
            {
                sb.Append("<p><a href=\"").Append(E(url)).Append("\">").Append(E(t.Open)).Append("</a></p>");
            }
        }

        if (m.AcknowledgeUrl is { } ack)
        {
            sb.Append("<p><a href=\"").Append(E(ack.AbsoluteUri)).Append("\" style=\"font-weight:bold\">").Append(E(t.Acknowledge)).Append("</a><br>")
                .Append(E(t.AcknowledgeHint)).Append("</p>");
        }

        sb.Append("<hr><p style=\"color:#777;font-size:12px\">");
        if (m.Recipient is { } r)
        {
            sb.Append(E(t.SubscriberFooter(site.Site.Name)))
                .Append(" <a href=\"").Append(E(r.UnsubscribeUrl.AbsoluteUri)).Append("\">").Append(E(t.Unsubscribe)).Append("</a>");
        }
        else
        {
            sb.Append(E(string.Format(CultureInfo.InvariantCulture, t.OperatorFooter, site.Site.Name)));
        }

        sb.Append("</p></body></html>");
        return sb.ToString();
    }

    /// <summary>A notice's title for this reader: a subscriber's in their language.</summary>
    private static string Title(OutboundMessage m, Notice n, EmailTexts t) => m.Recipient is null ? n.Title : t.TitleOf(n);

    private static MailboxAddress Copy(MailboxAddress a) => new(a.Name, a.Address);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Only http(s) links become anchors: a javascript: URL must never be clickable.</summary>
    private static string? Link(string? url) => url is not null && ChannelFields.IsHttpUrl(url, out var u) ? u.AbsoluteUri : null;

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
