using Pharos.StatusPage;

namespace Pharos.StaticSite;

/// <summary>What one pass of the export did.</summary>
public sealed record ExportPass(int Files, int Written, int Removed, TimeSpan Took);

/// <summary>
/// Writes the site's files under one folder. Each file, and its .gz and .br copies, is written to a temporary file in
/// the same folder and renamed over the old one, so a web server serving the folder hands out the old bytes or the
/// new, never a part. Only files whose bytes changed are written; files of pages that are gone (a deleted incident)
/// are removed, remembered across runs in a manifest.
/// </summary>
public sealed class SiteWriter
{
    /// <summary>The list of files the last pass wrote, so that a later run can remove what is gone.</summary>
    public const string ManifestName = ".pharos-export";

    private static readonly string[] Copies = ["", ".gz", ".br"];

    private readonly string _root;
    private readonly Dictionary<string, string> _written = new(StringComparer.Ordinal);
    private HashSet<string>? _previous;

    public SiteWriter(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public async Task<ExportPass> WriteAsync(StatusSite site, IReadOnlyList<SiteFile> files, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        Directory.CreateDirectory(_root);
        _previous ??= ReadManifest();
        var written = 0;
        // Files in list order, two at a time: the page and the API are on disk before the long tail of detail pages.
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = ct }, async (file, token) =>
        {
            var response = await (file.Language is { } language ? site.GetAsync(language, file.Key, file.Render) : site.GetAsync(file.Key, file.Render)).ConfigureAwait(false);
            if (await WriteIfChangedAsync(file.Path, response, token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);

        var current = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var gone in _previous.Except(current))
        {
            foreach (var copy in Copies)
            {
                var path = FullPath(gone + copy);
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }

            _written.Remove(gone);
            removed++;
        }

        if (removed > 0 || !_previous.SetEquals(current))
        {
            await ReplaceAsync(Path.Combine(_root, ManifestName), System.Text.Encoding.UTF8.GetBytes(string.Join('\n', current.Order(StringComparer.Ordinal)) + "\n"), ct).ConfigureAwait(false);
        }

        _previous = current;
        return new ExportPass(files.Count, written, removed, time.GetElapsedTime(started));
    }

    private async Task<bool> WriteIfChangedAsync(string relative, CachedResponse response, CancellationToken ct)
    {
        lock (_written)
        {
            if (_written.TryGetValue(relative, out var etag) && etag == response.ETag)
            {
                return false;
            }
        }

        var path = FullPath(relative);
        // A restarted exporter does not rewrite (and so re-date) what is already right on disk.
        var unchanged = File.Exists(path) && File.Exists(path + ".gz") && File.Exists(path + ".br")
            && (await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false)).AsSpan().SequenceEqual(response.Body);
        if (!unchanged)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // The copies first: a server that picks file.gz because it exists never finds it older than file.
            await ReplaceAsync(path + ".gz", response.Gzip ?? CachedResponse.GzipOf(response.Body), ct).ConfigureAwait(false);
            await ReplaceAsync(path + ".br", response.Brotli ?? CachedResponse.BrotliOf(response.Body), ct).ConfigureAwait(false);
            await ReplaceAsync(path, response.Body, ct).ConfigureAwait(false);
        }

        lock (_written)
        {
            _written[relative] = response.ETag;
        }

        return !unchanged;
    }

    private static async Task ReplaceAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private string FullPath(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(_root, relative));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"{relative} is outside the export folder");
    }

    private HashSet<string> ReadManifest()
    {
        var manifest = Path.Combine(_root, ManifestName);
        return File.Exists(manifest)
            ? File.ReadAllLines(manifest).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }
}
