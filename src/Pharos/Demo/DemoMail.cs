using System.Text;
using System.Text.RegularExpressions;

namespace Pharos.Demo;

/// <summary>
/// Just enough of RFC 5322 and MIME to show a received mail in the demo inbox: unfolded headers, the Subject with
/// its encoded words decoded (RFC 2047), and the plain-text part decoded from quoted-printable or base64.
/// </summary>
internal static partial class DemoMail
{
    public sealed record Parsed(Dictionary<string, string> Headers, string Subject, string Text);

    public static Parsed Parse(string raw)
    {
        var (headers, body) = Split(raw);
        var subject = DecodeWords(headers.GetValueOrDefault("subject") ?? "");
        return new Parsed(headers, subject, TextOf(headers, body));
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string raw)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var body = end < 0 ? "" : raw[(end + 4)..];
        string? name = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                headers[name] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                name = line[..colon].Trim().ToLowerInvariant();
                // The first of a repeated header is kept, as for Subject and Message-ID only one is meaningful.
                headers.TryAdd(name, line[(colon + 1)..].Trim());
            }
        }

        return (headers, body);
    }

    /// <summary>The text/plain part: the body itself, or the first text/plain part of a multipart body.</summary>
    private static string TextOf(Dictionary<string, string> headers, string body, int depth = 0)
    {
        var type = headers.GetValueOrDefault("content-type") ?? "text/plain";
        if (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && depth < 3 && Boundary().Match(type) is { Success: true } m)
        {
            var boundary = "--" + m.Groups[1].Value.Trim('"');
            string? fallback = null;
            foreach (var part in body.Split(boundary).Skip(1))
            {
                if (part.StartsWith("--", StringComparison.Ordinal))
                {
                    break;
                }

                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
                var partType = partHeaders.GetValueOrDefault("content-type") ?? "text/plain";
                var text = TextOf(partHeaders, partBody, depth + 1);
                if (partType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || partType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
                {
                    return text;
                }

                fallback ??= text;
            }

            return fallback ?? "";
        }

        var encoding = (headers.GetValueOrDefault("content-transfer-encoding") ?? "").Trim().ToLowerInvariant();
        try
        {
            return encoding switch
            {
                "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
                "quoted-printable" => QuotedPrintable(body),
                _ => body,
            };
        }
        catch (FormatException)
        {
            return body;
        }
    }

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
            {
                i += 2;
            }
            else if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=); whitespace between two of them is dropped.</summary>
    private static string DecodeWords(string text) => EncodedWord().Replace(Between().Replace(text, "$1$2"), m =>
    {
        try
        {
            // Q words are decoded as UTF-8, which is what Pharos's own mail and nearly every sender use.
            return m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Encoding.GetEncoding(m.Groups[1].Value).GetString(Convert.FromBase64String(m.Groups[3].Value))
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return m.Value;
        }
    });

    [GeneratedRegex("boundary=(\"[^\"]+\"|[^;\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(\?=)\s+(=\?)")]
    private static partial Regex Between();
}
