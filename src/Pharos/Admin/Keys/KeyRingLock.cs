using System.Data.Common;
using Dapper;
using Pharos.Storage;

namespace Pharos.Admin.Keys;

/// <summary>
/// Held by a node while it loads the shared key ring at start: with an empty ring, nodes starting together would each
/// make a first key and each sign with its own until the next refresh, a day later. With the lock, the first makes the
/// key and the others load it.
/// </summary>
internal sealed class KeyRingLock : IAsyncDisposable
{
    /// <summary>"PHAROS" 0014, after the migration that made the table.</summary>
    private const long PostgresKey = 0x5048_4152_4F53_0014;

    private readonly DbConnection? _connection;
    private readonly FileStream? _file;

    private KeyRingLock(DbConnection? connection, FileStream? file)
    {
        _connection = connection;
        _file = file;
    }

    public static async Task<KeyRingLock> TakeAsync(Database db, CancellationToken ct)
    {
        if (db is SqliteDatabase sqlite)
        {
            return new KeyRingLock(null, await LockFileAsync(sqlite.Path + ".keyring-lock", ct).ConfigureAwait(false));
        }

        var c = await db.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await c.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_lock({PostgresKey})", cancellationToken: ct)).ConfigureAwait(false);
            return new KeyRingLock(c, null);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Nodes on one SQLite file share a host: an exclusive open of a file beside it (flock) serves as the lock.</summary>
    private static async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.ExecuteAsync($"SELECT pg_advisory_unlock({PostgresKey})").ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }
}
