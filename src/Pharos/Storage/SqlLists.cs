using System.Data.Common;
using System.Text.Json;

namespace Pharos.Storage;

/// <summary>
/// "column is one of these values" with the whole list in one parameter, however long: SQLite reads a JSON array
/// with json_each; PostgreSQL takes an array (Dapper passes arrays to Npgsql as they are, without expanding IN @x).
/// </summary>
public static class SqlLists
{
    /// <summary>The condition, for a parameter named <paramref name="parameter"/> (with its @).</summary>
    public static string In(DbConnection c, string column, string parameter) =>
        IsPostgres(c) ? $"{column} = ANY({parameter})" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    /// <summary>The parameter's value for <see cref="In"/>.</summary>
    public static object Value(DbConnection c, IEnumerable<string> values) =>
        IsPostgres(c) ? values.ToArray() : JsonSerializer.Serialize(values);

    private static bool IsPostgres(DbConnection c) => c is Npgsql.NpgsqlConnection;
}
