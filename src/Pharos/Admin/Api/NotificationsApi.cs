using System.Globalization;
using Pharos.Accounts;
using Pharos.Http;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Outbox;

namespace Pharos.Admin.Api;

/// <summary>
/// /api/v1/notifications and /api/v1/alerts: the outbox, one message with its attempts, re-sending a dead letter,
/// test messages, and acknowledging alerts. Reading takes `read`; acting takes `notifications:write`.
/// </summary>
public static class NotificationsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications");
        g.MapGet("/outbox", ListAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<OutboxMessageDto>>().ProducesValidationProblem();
        g.MapGet("/outbox/{id:long}", GetAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<OutboxMessageDto>().ProducesProblem(404);
        g.MapPost("/outbox/{id:long}/resend", ResendAsync).RequireAuthorization(AuthPolicies.ApiNotificationsWrite)
            .Produces<OutboxMessageDto>().ProducesProblem(404).ProducesProblem(409);
        g.MapPost("/channels/{id}/test", TestAsync).RequireAuthorization(AuthPolicies.ApiNotificationsWrite)
            .Produces<OutboxMessageDto>(202).ProducesProblem(404);

        var alerts = api.MapGroup("/alerts").WithTags("Notifications");
        alerts.MapGet("", AlertsAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<AlertDto>>().ProducesValidationProblem();
        alerts.MapPost("/{noticeId:long}/acknowledge", AcknowledgeAsync).RequireAuthorization(AuthPolicies.ApiNotificationsWrite)
            .Produces<List<AlertDto>>().ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task ListAsync(HttpContext http, IOutboxStore outbox)
    {
        var q = http.Request.Query;
        var v = new Validation();
        var status = q["status"].ToString();
        if (status.Length > 0 && !NotificationEndpoints.IsStatus(status))
        {
            v.Add("status", $"'status' must be one of {OutboxStatus.Pending}, {OutboxStatus.Sent}, {OutboxStatus.Dead}, {OutboxStatus.Cancelled}.");
        }

        var limit = Number(q["limit"], "limit", 1, 500, v) ?? 50;
        var before = Number(q["before"], "before", 1, long.MaxValue, v);
        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var rows = await outbox.ListAsync(status.Length == 0 ? null : status, (int)limit, before, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, rows.Select(e => OutboxMessageDto.Of(e, null, null)).ToList()).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext http, IOutboxStore outbox, long id) =>
        await (await DetailAsync(outbox, id, 200, http.RequestAborted).ConfigureAwait(false)).WriteAsync(http).ConfigureAwait(false);

    private static async Task ResendAsync(HttpContext http, IOutboxStore outbox, OutboxOperations ops, Idempotency idem, long id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var ct = http.RequestAborted;
            if (await outbox.GetAsync(id, ct).ConfigureAwait(false) is not { } entry)
            {
                return Problems.NotFound($"There is no message {id} in the outbox.");
            }

            if (!await ops.ResendAsync(id, PharosClaims.ActorOf(http), ct).ConfigureAwait(false))
            {
                return Problems.Of(StatusCodes.Status409Conflict, "Not a dead letter", $"Message {id} is {entry.Status}; only dead letters can be re-sent.",
                    new Dictionary<string, string[]> { ["status"] = [$"'{entry.Status}' is not 'dead'."] });
            }

            return await DetailAsync(outbox, id, 200, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task TestAsync(HttpContext http, IOutboxStore outbox, OutboxOperations ops, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
            await ops.SendTestAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false) is { } message
                ? await DetailAsync(outbox, message, 202, http.RequestAborted).ConfigureAwait(false)
                : Problems.NotFound($"There is no channel '{id}'.")).ConfigureAwait(false);
    }

    private static async Task AlertsAsync(HttpContext http, AlertService alerts)
    {
        var q = http.Request.Query;
        var v = new Validation();
        var open = q["open"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            _ => Invalid(v, "open", "'open' must be true or false."),
        };
        var limit = Number(q["limit"], "limit", 1, 500, v) ?? 100;
        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var list = await alerts.ListAsync(open, (int)limit, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, list.Select(AlertDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task AcknowledgeAsync(HttpContext http, AlertService alerts, Idempotency idem, long noticeId)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var ct = http.RequestAborted;
            var done = await alerts.AcknowledgeAsync(noticeId, PharosClaims.ActorOf(http), ct).ConfigureAwait(false);
            var found = await alerts.FindAsync(noticeId, ct).ConfigureAwait(false);
            if (found.Count == 0)
            {
                return Problems.NotFound($"There is no alert for notice {noticeId}.");
            }

            return done
                ? new ApiReply(200, found.Select(AlertDto.Of).ToList())
                : Problems.Of(StatusCodes.Status409Conflict, "Nothing to acknowledge", AcknowledgeLinkEndpoints.State(found) ?? "The alert is not open.",
                    new Dictionary<string, string[]> { ["notice_id"] = ["The alert is already acknowledged or resolved."] });
        }).ConfigureAwait(false);
    }

    private static async Task<ApiReply> DetailAsync(IOutboxStore outbox, long id, int status, CancellationToken ct)
    {
        if (await outbox.GetAsync(id, ct).ConfigureAwait(false) is not { } entry)
        {
            return Problems.NotFound($"There is no message {id} in the outbox.");
        }

        var notice = await outbox.GetNoticeAsync(entry.NoticeId, ct).ConfigureAwait(false);
        var attempts = await outbox.GetAttemptsAsync(id, ct).ConfigureAwait(false);
        return new ApiReply(status, OutboxMessageDto.Of(entry, notice, attempts));
    }

    private static long? Number(string? raw, string field, long min, long max, Validation v)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        v.Add(field, FormattableString.Invariant($"'{field}' must be a whole number from {min} to {max}."));
        return null;
    }

    private static bool Invalid(Validation v, string field, string problem)
    {
        v.Add(field, problem);
        return false;
    }
}

/// <summary>An outbox message as the API shows it; the notice and attempts only on a single message.</summary>
public sealed record OutboxMessageDto(
    long Id,
    long NoticeId,
    string Status,
    string Channel,
    IReadOnlyList<string> Fallbacks,
    IReadOnlyList<string> Tried,
    string? Route,
    string? Recipient,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    string IdempotencyKey,
    NoticeDto? Notice,
    IReadOnlyList<AttemptDto>? AttemptLog)
{
    public static OutboxMessageDto Of(OutboxEntry e, Notice? n, IReadOnlyList<DeliveryAttempt>? attempts) => new(
        e.Id, e.NoticeId, e.Status, e.Channel, e.Fallbacks, e.Tried, e.Route, e.Recipient, e.Attempts, e.CreatedAt, e.NextAt, e.FinishedAt, e.LastError,
        e.IdempotencyKey, n is null ? null : NoticeDto.Of(n), attempts?.Select(AttemptDto.Of).ToList());
}

/// <summary>What a message says.</summary>
public sealed record NoticeDto(long Id, string Kind, string Severity, string SubjectType, string SubjectId, string Title, string Text, string? Url, DateTimeOffset At)
{
    public static NoticeDto Of(Notice n) => new(n.Id, n.Kind, n.Severity.Name(), n.SubjectType, n.SubjectId, n.Title, n.Text, n.Url, n.At);
}

/// <summary>One try to deliver.</summary>
public sealed record AttemptDto(DateTimeOffset At, string Channel, bool Ok, string? Error, double DurationMs)
{
    public static AttemptDto Of(DeliveryAttempt a) => new(a.At, a.Channel, a.Ok, a.Error, Math.Round(a.Duration.TotalMilliseconds, 1));
}

/// <summary>An alert on one route.</summary>
public sealed record AlertDto(long NoticeId, string Route, string SubjectKey, string Title, string Kind, string Severity, DateTimeOffset OpenedAt,
    DateTimeOffset? EscalateAt, DateTimeOffset? EscalatedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt)
{
    public static AlertDto Of(AlertView a) => new(a.NoticeId, a.Route, a.SubjectKey, a.Title, a.Kind, a.Severity.Name(), a.OpenedAt, a.EscalateAt,
        a.EscalatedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt);
}
