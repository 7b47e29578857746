using Pharos.Config;

namespace Pharos.FailoverSite;

/// <summary>
/// The customers' names the site serves: the inline `hostnames` and those of `hostnames_file`, which is read again
/// when it changes. A file with a bad line is refused as a whole, and the names read before stay.
/// </summary>
public sealed class SiteHostnames(FailoverSiteConfig site)
{
    private IReadOnlyList<string> _fromFile = site.FileHostnames;
    private Stamp _taken = Stamp.Of(site.HostnamesFile);
    private Stamp _refused;

    /// <summary>What a look at the file found: nothing new, new names, or a refused file with its errors.</summary>
    public sealed record Reload(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Errors);

    /// <summary>The names of the hostnames file now (the inline ones are in the config).</summary>
    public IReadOnlyList<string> FromFile => Volatile.Read(ref _fromFile);

    /// <summary>Reads the file when its version changed since it was taken or refused; null when there is nothing new.</summary>
    public Reload? ReloadIfChanged()
    {
        if (site.HostnamesFile is not { } file)
        {
            return null;
        }

        var now = Stamp.Of(file);
        if (now == _taken || now == _refused)
        {
            return null;
        }

        HostnamesFile.Result read;
        try
        {
            read = HostnamesFile.Read(file, wildcards: true, taken: site.Hostnames);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _refused = now;
            return new Reload([], [], [$"{file}: cannot read: {e.Message}"]);
        }

        if (read.Errors.Count > 0)
        {
            _refused = now;
            return new Reload([], [], read.Errors.Select(e => e.ToString()).ToList());
        }

        var before = FromFile.ToHashSet(StringComparer.Ordinal);
        var after = read.Names.ToHashSet(StringComparer.Ordinal);
        _taken = now;
        Volatile.Write(ref _fromFile, read.Names);
        return new Reload(read.Names.Where(n => !before.Contains(n)).ToList(), before.Where(n => !after.Contains(n)).ToList(), []);
    }

    private readonly record struct Stamp(DateTime Written, long Length)
    {
        public static Stamp Of(string? path)
        {
            var info = path is null ? null : new FileInfo(path);
            return info is { Exists: true } ? new Stamp(info.LastWriteTimeUtc, info.Length) : new Stamp(DateTime.MinValue, -1);
        }
    }
}
