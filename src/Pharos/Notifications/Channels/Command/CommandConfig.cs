using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Command;

/// <summary>A program run once per message, with the message's JSON on stdin; no shell is involved.</summary>
public sealed record CommandConfig : ChannelConfig
{
    public const string TypeName = "command";

    public override string Type => TypeName;

    /// <summary>An absolute path, or a name looked up on PATH.</summary>
    public required string Program { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public override INotificationChannel Build(ChannelContext context) => new CommandChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("program", "args"));
        var program = r.String(map, "program", where, required: true);
        if (program is not null && Path.IsPathRooted(program) && !File.Exists(program))
        {
            r.Error(YamlReader.Get(map, "program"), $"{where}: 'program' {program} does not exist");
            return null;
        }

        var args = r.Strings(map, "args", where);
        return program is null ? null : new CommandConfig { Id = id, Program = program, Args = args };
    }
}
