using System.Globalization;
using System.Text.Json;

namespace Pharos.Probes.Agent;

/// <summary>
/// The probe's disk buffer: every batch is written to its own file once (written to a temporary name, fsync'd,
/// then renamed, so a batch is either whole or absent after a crash) and deleted only when the server has
/// acknowledged it. Files are never rewritten: the folder is an append-only log in sequence order. When the folder
/// exceeds its bound the oldest batches are dropped and counted; the count travels with every later batch.
/// The sequence and the instance id live in a small state file; the sequence is also recovered from the batch files,
/// so a crash between the two never reuses a number.
/// </summary>
public sealed class BatchSpool
{
    private const string Extension = ".batch";
    private readonly string _folder;
    private readonly string _statePath;
    private readonly long _maxBytes;
    private readonly SortedDictionary<long, (string Path, long Bytes)> _files = [];
    private readonly object _gate = new();
    private SpoolState _state;
    private long _bytes;

    private BatchSpool(string dataDirectory, long maxBytes, SpoolState state)
    {
        _folder = Path.Combine(dataDirectory, "spool");
        _statePath = Path.Combine(dataDirectory, "probe-state.json");
        _maxBytes = maxBytes;
        _state = state;
    }

    /// <summary>The probe's data folder identity, sent with every batch.</summary>
    public string Instance => _state.Instance;

    /// <summary>Batches dropped since the folder was created, because the buffer was full.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _state.Dropped;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _files.Count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Opens (or creates) the spool in the data folder, forgetting half-written files of a crash.</summary>
    public static BatchSpool Open(string dataDirectory, long maxBytes)
    {
        Directory.CreateDirectory(Path.Combine(dataDirectory, "spool"));
        var statePath = Path.Combine(dataDirectory, "probe-state.json");
        var state = File.Exists(statePath)
            ? JsonSerializer.Deserialize<SpoolState>(File.ReadAllBytes(statePath)) ?? throw new InvalidDataException($"{statePath} is empty")
            : new SpoolState(Guid.NewGuid().ToString("N"), 1, 0);
        var spool = new BatchSpool(dataDirectory, maxBytes, state);
        foreach (var tmp in Directory.EnumerateFiles(spool._folder, "*.tmp"))
        {
            File.Delete(tmp);
        }

        foreach (var file in Directory.EnumerateFiles(spool._folder, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                var bytes = new FileInfo(file).Length;
                spool._files[seq] = (file, bytes);
                spool._bytes += bytes;
            }
        }

        var next = Math.Max(state.NextSequence, spool._files.Count == 0 ? 1 : spool._files.Keys.Max() + 1);
        spool._state = state with { NextSequence = next };
        spool.SaveState();
        return spool;
    }

    /// <summary>Seals results into the next batch, durably; drops the oldest batches if the buffer is now too big.</summary>
    public ProbeBatch Append(IReadOnlyList<ProbeResultDto> results, string? version)
    {
        lock (_gate)
        {
            var batch = new ProbeBatch
            {
                Instance = _state.Instance,
                BatchId = Guid.NewGuid().ToString("N"),
                Sequence = _state.NextSequence,
                Version = version,
                Dropped = _state.Dropped,
                Results = results,
            };
            var path = Path.Combine(_folder, batch.Sequence.ToString("D12", CultureInfo.InvariantCulture) + Extension);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(batch, ProbeJson.Options);
            WriteDurably(path, bytes);
            _files[batch.Sequence] = (path, bytes.Length);
            _bytes += bytes.Length;
            _state = _state with { NextSequence = batch.Sequence + 1 };
            // Never the batch just written: a single batch larger than the bound still goes.
            while (_bytes > _maxBytes && _files.Count > 1)
            {
                var (seq, oldest) = _files.First();
                File.Delete(oldest.Path);
                _files.Remove(seq);
                _bytes -= oldest.Bytes;
                _state = _state with { Dropped = _state.Dropped + 1 };
            }

            SaveState();
            return batch;
        }
    }

    /// <summary>The oldest batch not yet acknowledged, as the bytes to send; null when the spool is empty.</summary>
    public (long Sequence, byte[] Body)? Oldest()
    {
        lock (_gate)
        {
            if (_files.Count == 0)
            {
                return null;
            }

            var (seq, file) = _files.First();
            return (seq, File.ReadAllBytes(file.Path));
        }
    }

    /// <summary>The server has the batch: its file goes.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            if (_files.Remove(sequence, out var file))
            {
                File.Delete(file.Path);
                _bytes -= file.Bytes;
            }
        }
    }

    private void SaveState() => WriteDurably(_statePath, JsonSerializer.SerializeToUtf8Bytes(_state));

    private static void WriteDurably(string path, byte[] bytes)
    {
        var tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private sealed record SpoolState(string Instance, long NextSequence, long Dropped);
}
