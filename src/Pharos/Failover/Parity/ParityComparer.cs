using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pharos.Failover.Parity;

/// <summary>What one environment answered to one request: the parts a comparison may look at.</summary>
public sealed record SideAnswer
{
    public int? Status { get; init; }

    /// <summary>Why there is no answer (refused, timed out, a TLS failure); null when one came.</summary>
    public string? Error { get; init; }

    /// <summary>The chosen headers, by lower-case name; a header absent from the answer is absent here.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string Body { get; init; } = "";

    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Compares two answers to the same request, aspect by aspect; pure, so each rule (a header, a JSON field, what the
/// body normalization ignores) is tested without a server.
/// </summary>
public static partial class ParityComparer
{
    /// <summary>Shown for a header or JSON field one side does not have.</summary>
    public const string Absent = "(absent)";

    /// <summary>Below this the standby is never judged slow, whatever the ratio: loopback noise is not drift.</summary>
    public static readonly TimeSpan LatencyFloor = TimeSpan.FromMilliseconds(50);

    public static IReadOnlyList<ParityFinding> Compare(ParityRequest request, SideAnswer primary, SideAnswer standby)
    {
        var label = request.Label;
        if (primary.Error is not null || standby.Error is not null)
        {
            // Without both answers nothing else can be compared; the missing answer is the difference.
            return [Finding(label, "answer", primary.Error ?? "answered", standby.Error ?? "answered", drift: true)];
        }

        var findings = new List<ParityFinding>();
        if (request.Status)
        {
            findings.Add(Same(label, "status", Text(primary.Status), Text(standby.Status)));
        }

        foreach (var header in request.Headers)
        {
            var key = header.ToLowerInvariant();
            findings.Add(Same(label, $"header {key}", primary.Headers.GetValueOrDefault(key) ?? Absent, standby.Headers.GetValueOrDefault(key) ?? Absent));
        }

        foreach (var field in request.Json)
        {
            findings.Add(Same(label, $"json {field}", JsonField(primary.Body, field), JsonField(standby.Body, field)));
        }

        if (request.Body is { } normalization)
        {
            findings.Add(Same(label, "body", BodyHash(primary.Body, normalization), BodyHash(standby.Body, normalization)));
        }

        return findings;
    }

    /// <summary>The standby's total time against the primary's, over the requests both answered.</summary>
    public static ParityFinding Latency(TimeSpan primary, TimeSpan standby, double? ratio)
    {
        var slow = ratio is { } limit && standby > primary * limit && standby - primary > LatencyFloor;
        return Finding("all requests", ratio is { } l ? $"latency (limit x{l.ToString(CultureInfo.InvariantCulture)})" : "latency", Ms(primary), Ms(standby), slow);
    }

    /// <summary>The value at a dotted path (flags.checkout, items.0.id) as compact JSON; a string without its quotes.</summary>
    public static string JsonField(string body, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }

        using (doc)
        {
            var at = doc.RootElement;
            foreach (var part in path.Split('.'))
            {
                if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(part, out var child))
                {
                    at = child;
                }
                else if (at.ValueKind == JsonValueKind.Array && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < at.GetArrayLength())
                {
                    at = at[i];
                }
                else
                {
                    return Absent;
                }
            }

            return at.ValueKind == JsonValueKind.String ? at.GetString()! : at.GetRawText();
        }
    }

    /// <summary>The body with what the normalization ignores taken out, as the hash will see it.</summary>
    public static string Normalize(string body, BodyNormalization normalization)
    {
        var text = body;
        foreach (var ignore in normalization.Ignore)
        {
            text = ignore.Replace(text, "");
        }

        return normalization.CollapseWhitespace ? Whitespace().Replace(text, " ").Trim() : text;
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the normalized body, and its length: enough to tell two apart.</summary>
    public static string BodyHash(string body, BodyNormalization normalization)
    {
        string normalized;
        try
        {
            normalized = Normalize(body, normalization);
        }
        catch (RegexMatchTimeoutException e)
        {
            // Shown on both sides alike, so it is not drift; the operator sees the pattern to fix.
            return $"(ignore pattern timed out: {e.Pattern})";
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return $"sha256:{hash[..16]} ({normalized.Length} chars)";
    }

    private static ParityFinding Same(string request, string aspect, string primary, string standby) =>
        Finding(request, aspect, primary, standby, !string.Equals(primary, standby, StringComparison.Ordinal));

    private static ParityFinding Finding(string request, string aspect, string primary, string standby, bool drift) => new()
    {
        Request = request, Aspect = aspect, Primary = primary, Standby = standby, Verdict = drift ? ParityVerdict.Drift : ParityVerdict.Same,
    };

    private static string Text(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "(none)";

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms";

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();
}
