using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Failover;

/// <summary>
/// Operator actions on failover policies, from the admin, the API or the CLI: each needs a reason, goes through
/// the controller, and is written to the audit log with the state before and after. It also takes the commands
/// the CLI leaves in the shared database.
/// </summary>
public sealed partial class FailoverService(IFailoverStore store, IAuditStore audit, TimeProvider time, ILogger<FailoverService> logger, FailoverController? controller = null) : BackgroundService
{
    public static readonly string[] Verbs = ["to-failover", "to-primary", "pin", "resume"];

    public FailoverController? Controller => controller;

    /// <summary>Runs an operator command; the message says what happened or what was wrong.</summary>
    public async Task<(bool Ok, string Message)> CommandAsync(string policyId, string verb, string? reason, Actor actor, CancellationToken ct)
    {
        if (controller is null || controller.StateOf(policyId) is not { } before)
        {
            return (false, $"no failover policy '{policyId}'");
        }

        if (!Verbs.Contains(verb, StringComparer.Ordinal))
        {
            return (false, $"unknown action '{verb}' (expected {string.Join(", ", Verbs)})");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return (false, "a reason is required (at most 500 characters): it is kept in the failover history");
        }

        var result = await controller.ExecuteCommandAsync(new FailoverCommand(0, policyId, verb, actor.ToString(), reason.Trim(), time.GetUtcNow())).ConfigureAwait(false);
        var ok = result.StartsWith("ok", StringComparison.Ordinal);
        if (ok)
        {
            await audit.AppendAsync(new AuditEntry
            {
                At = time.GetUtcNow(),
                Actor = actor,
                Action = "failover." + verb,
                TargetType = "failover_policy",
                TargetId = policyId,
                Summary = $"{verb} {policyId}: {reason.Trim()}",
                Before = AuditJson.Of(Summary(before)),
                After = AuditJson.Of(controller.StateOf(policyId) is { } after ? Summary(after) : null),
            }, ct).ConfigureAwait(false);
        }

        return (ok, result);
    }

    /// <summary>Takes the commands the CLI wrote into the shared database.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (controller is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var command in await store.PendingCommandsAsync(stoppingToken).ConfigureAwait(false))
                {
                    var actor = new Actor(Actor.CliKind, "cli", command.Actor.StartsWith("cli:", StringComparison.Ordinal) ? command.Actor[4..] : command.Actor, "local");
                    var (ok, message) = await CommandAsync(command.PolicyId, command.Command, command.Reason, actor, stoppingToken).ConfigureAwait(false);
                    await store.CompleteCommandAsync(command.Id, ok ? message : message.StartsWith("error", StringComparison.Ordinal) ? message : "error: " + message, stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogCommandsFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static object Summary(PolicyState s) => new { state = s.State.ToString(), live = s.LiveSide.ToString(), pinned = s.PinnedSide?.ToString(), s.LastError };

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "Taking operator commands failed; retrying")]
    private static partial void LogCommandsFailed(ILogger logger, Exception exception);
}
