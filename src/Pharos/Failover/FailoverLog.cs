namespace Pharos.Failover;

/// <summary>Log messages of the failover controller itself.</summary>
internal static partial class FailoverLog
{
    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Taking operator commands failed; retrying")]
    public static partial void CommandsFailed(ILogger logger, Exception exception);
}
