using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels;

/// <summary>
/// The channel types pharos.yaml accepts, each with the reader of its fields. A reader gets the mapping, where it is
/// (for messages) and the id already read, checks every field, reports problems and returns null when any was wrong.
/// </summary>
internal static class ChannelTypes
{
    public delegate ChannelConfig? Reader(YamlReader r, YamlMappingNode map, string where, string id);

    /// <summary>The fields every type has besides its own.</summary>
    public static readonly string[] CommonKeys = ["id", "type", "concurrency", "timeout"];

    public static readonly IReadOnlyDictionary<string, Reader> Readers = new Dictionary<string, Reader>(StringComparer.Ordinal)
    {
    };

    /// <summary>Applies the common fields to what a type's reader built.</summary>
    public static ChannelConfig WithCommon(YamlReader r, YamlMappingNode map, string where, ChannelConfig config) => config with
    {
        Concurrency = r.Int(map, "concurrency", where, 1, 64) ?? config.Concurrency,
        Timeout = r.Duration(map, "timeout", where, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)) ?? config.Timeout,
    };
}
