namespace Pharos.Storage;

/// <summary>What storage logs (event ids 9500-9549). Only where the data lives: never a connection string.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 9500, Level = LogLevel.Information, Message = "Storage: {Engine} at {Location}, migrations applied")]
    public static partial void Opened(ILogger logger, string engine, string location);
}
