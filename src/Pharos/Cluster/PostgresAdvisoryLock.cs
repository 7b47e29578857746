using Npgsql;

namespace Pharos.Cluster;

/// <summary>
/// PostgreSQL's session advisory lock on a connection of its own, outside the pool: the server releases it the
/// moment that connection ends (the process killed, the host gone once TCP gives up), which is what lets another
/// node lead within a heartbeat after a crash instead of waiting out the lease.
/// </summary>
public sealed class PostgresAdvisoryLock(string connectionString, long key) : IExclusiveLock
{
    /// <summary>The lock key of the controller lease: a fixed number every Pharos node agrees on ("PHAROS01" in ASCII).</summary>
    public const long ControllerKey = 0x50484152_4F533031;

    private NpgsqlConnection? _connection;
    private bool _held;

    public int? SessionId => _held ? _connection?.ProcessID : null;

    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        var c = await ConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", c);
        command.Parameters.AddWithValue("key", key);
        _held = (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return _held;
    }

    public async Task<bool> StillHeldAsync(CancellationToken ct)
    {
        if (!_held || _connection is null)
        {
            return false;
        }

        try
        {
            // Asks the server, not the client's idea of the connection: a session the server ended shows here.
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND objid = @low AND classid = @high", _connection);
            command.Parameters.AddWithValue("low", (long)(uint)(key & 0xFFFFFFFF));
            command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
            var held = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! == 1;
            if (!held)
            {
                await DropAsync().ConfigureAwait(false);
            }

            return held;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            await DropAsync().ConfigureAwait(false);
            return false;
        }
    }

    public async Task ReleaseAsync(CancellationToken ct)
    {
        if (_held && _connection is not null)
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                // Closing the connection below releases it as well.
            }
        }

        await DropAsync().ConfigureAwait(false);
    }

    public async Task EndStaleSessionAsync(int sessionId, CancellationToken ct)
    {
        var c = await ConnectionAsync(ct).ConfigureAwait(false);
        // Only a session that still holds our lock: a recycled backend id must not end someone else's work.
        await using var command = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = @pid AND objid = @low AND classid = @high", c);
        command.Parameters.AddWithValue("pid", sessionId);
        command.Parameters.AddWithValue("low", (long)(uint)(key & 0xFFFFFFFF));
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropAsync().ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // Notices a dead server or network within seconds instead of the OS's hours.
            KeepAlive = 5,
            TcpKeepAlive = true,
            ApplicationName = "pharos-leader-lock",
        };
        var c = new NpgsqlConnection(builder.ConnectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        _connection = c;
        return c;
    }

    private async Task DropAsync()
    {
        _held = false;
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
