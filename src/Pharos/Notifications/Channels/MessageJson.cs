using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pharos.Notifications.Channels;

/// <summary>
/// The documented JSON of a message (docs/notifications.md): the webhook's default body and the command's stdin.
/// Field names are snake_case and stable; new fields may be added, none renamed.
/// </summary>
public static class MessageJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(OutboundMessage m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("idempotency_key", m.IdempotencyKey);
            WriteNoticeFields(w, m.Notice);
            if (m.AcknowledgeUrl is { } ack)
            {
                w.WriteString("acknowledge_url", ack.AbsoluteUri);
            }

            if (m.Recipient is { } r)
            {
                w.WriteString("unsubscribe_url", r.UnsubscribeUrl.AbsoluteUri);
            }

            w.WriteStartArray("notices");
            foreach (var n in m.All)
            {
                w.WriteStartObject();
                WriteNoticeFields(w, n);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNoticeFields(Utf8JsonWriter w, Notice n)
    {
        w.WriteString("kind", n.Kind);
        w.WriteString("severity", n.Severity.Name());
        w.WriteString("subject_type", n.SubjectType);
        w.WriteString("subject_id", n.SubjectId);
        w.WriteString("title", n.Title);
        w.WriteString("text", n.Text);
        if (n.Url is { } url)
        {
            w.WriteString("url", url);
        }
        else
        {
            w.WriteNull("url");
        }

        w.WriteString("at", n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteBoolean("recovery", n.IsRecovery);
        w.WriteStartObject("data");
        foreach (var (k, v) in n.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
