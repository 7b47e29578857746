using System.Globalization;
using System.Text;

namespace Pharos.Audit;

/// <summary>RFC 4180 CSV of audit rows, for auditors' spreadsheets.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditEntry> entries)
    {
        var sb = new StringBuilder();
        sb.Append("id,at_utc,actor_kind,actor_id,actor_name,address,action,target_type,target_id,summary,before,after\r\n");
        foreach (var e in entries)
        {
            Row(sb, e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                e.Actor.Kind, e.Actor.Id, e.Actor.Name, e.Actor.Address, e.Action, e.TargetType, e.TargetId, e.Summary, e.Before, e.After);
        }

        return sb.ToString();
    }

    /// <summary>One CSV line, each cell quoted as needed and made safe from spreadsheet formulas.</summary>
    public static void Row(StringBuilder sb, params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(fields[i]));
        }

        sb.Append("\r\n");
    }

    private static string Field(string? value)
    {
        var v = value ?? "";
        // A leading =, +, - or @ would be run as a formula by spreadsheet programs (CSV injection), so it is quoted away.
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@')
        {
            v = "'" + v;
        }

        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 || v.StartsWith('\'') ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
