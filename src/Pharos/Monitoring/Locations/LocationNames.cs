using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Locations;

/// <summary>What a location may be called: it travels in URLs, event subjects and evidence keys, so a plain word.</summary>
public static class LocationNames
{
    public static bool IsWellFormed(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Reads one location name, an error at its line when malformed.</summary>
    internal static string? Read(YamlReader r, YamlMappingNode map, string key, string where)
    {
        var name = r.String(map, key, where);
        if (name is not null && !IsWellFormed(name))
        {
            r.Error(YamlReader.Get(map, key), $"{where}: '{key}' '{name}' may hold only letters, digits, '-', '_' and '.'");
            return null;
        }

        return name;
    }
}
