namespace Pharos.Admin.Keys;

/// <summary>What the shared key ring logs (event ids 9820-9839). Names of keys only, never their XML.</summary>
internal static partial class KeyRingLog
{
    [LoggerMessage(EventId = 9820, Level = LogLevel.Information, Message = "Key ring: stored {Name} in the database, shared by every node")]
    public static partial void Stored(ILogger logger, string name);

    [LoggerMessage(EventId = 9821, Level = LogLevel.Information, Message = "Key ring: copied {Count} key file(s) from {Folder} into the database ({Already} already there); the folder is no longer read")]
    public static partial void Imported(ILogger logger, int count, int already, string folder);

    [LoggerMessage(EventId = 9822, Level = LogLevel.Warning, Message = "Key ring: skipped {File}, not a key ring element: {Reason}")]
    public static partial void Skipped(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 9823, Level = LogLevel.Information, Message = "Key ring: {Count} element(s) in the database, default key {KeyId} until {Expires}")]
    public static partial void Ready(ILogger logger, int count, Guid keyId, DateTimeOffset expires);
}
