using Pharos.Audit;

namespace Pharos.Failover.Commands;

/// <summary>
/// Takes the commands the CLI leaves in the shared database, on the node that runs the controller. Each is claimed
/// (or marked expired) before it runs, so a failure afterwards (writing its result, a crash) can never run it twice.
/// </summary>
internal sealed partial class QueuedCommandRelay(IFailoverCommandQueue queue, IFailoverCommands commands, TimeProvider time, ILogger<QueuedCommandRelay> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var queued in await queue.PendingAsync(stoppingToken).ConfigureAwait(false))
                {
                    await TakeAsync(queued, stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRelayFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Claims, runs and records one command; a command past its expiry is marked expired and not run.</summary>
    public async Task TakeAsync(QueuedCommand queued, CancellationToken ct)
    {
        switch (await queue.ClaimAsync(queued.Id, time.GetUtcNow(), ct).ConfigureAwait(false))
        {
            case CommandClaim.AlreadyTaken:
                return;
            case CommandClaim.Expired:
                LogExpired(logger, queued.Id, queued.Command, queued.PolicyId, queued.Actor, queued.CreatedAt);
                return;
        }

        // Claimed: from here on it is never run again, whatever fails below.
        var result = FailoverCommandKinds.TryParse(queued.Command, out var kind)
            ? await commands.RunAsync(new FailoverCommand(queued.PolicyId, kind, ActorOf(queued.Actor), queued.Reason, queued.Force, queued.Planned), ct).ConfigureAwait(false)
            : new FailoverCommandResult.Invalid("command", $"unknown command '{queued.Command}' (expected {FailoverCommandKinds.Names})");
        LogTaken(logger, queued.Id, queued.Command, queued.PolicyId, result.Message);
        await queue.CompleteAsync(queued.Id, result.Succeeded ? QueuedCommandOutcome.Done : QueuedCommandOutcome.Failed, result.Message, time.GetUtcNow(), ct).ConfigureAwait(false);
    }

    /// <summary>The CLI writes "cli:user": the person at the server's shell, who needs no sign-in.</summary>
    /// <summary>Another node forwards its signed-in person or token as the whole actor, in JSON.</summary>
    private static Actor ActorOf(string written)
    {
        if (written.StartsWith('{') && TryActor(written) is { } forwarded)
        {
            return forwarded;
        }

        return new(Actor.CliKind, "cli", written.StartsWith("cli:", StringComparison.Ordinal) ? written[4..] : written, "local");
    }

    private static Actor? TryActor(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Actor>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 6200, Level = LogLevel.Error, Message = "Taking queued failover commands failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Queued failover command {CommandId} ({Command} {Policy} by {Actor}, queued {QueuedAt:O}) expired before it was taken; it was not run")]
    private static partial void LogExpired(ILogger logger, long commandId, string command, string policy, string actor, DateTimeOffset queuedAt);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Queued failover command {CommandId} ({Command} {Policy}): {Result}")]
    private static partial void LogTaken(ILogger logger, long commandId, string command, string policy, string result);
}
