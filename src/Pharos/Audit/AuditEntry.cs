namespace Pharos.Audit;

/// <summary>Who made a change: a person, an API token, or the command line on the server itself.</summary>
public sealed record Actor(string Kind, string Id, string Name, string? Address)
{
    public const string UserKind = "user";
    public const string TokenKind = "token";
    public const string CliKind = "cli";
    public const string SystemKind = "system";

    /// <summary>Someone holding a signed link from a message (an acknowledge link), who is not signed in.</summary>
    public const string LinkKind = "link";

    /// <summary>The operator at the server's shell, who needs no sign-in.</summary>
    public static Actor Cli { get; } = new(CliKind, "cli", Environment.UserName, "local");

    /// <summary>Pharos itself acting: system:monitoring, system:failover, system:maintenance-clock.</summary>
    public static Actor System(string part) => new(SystemKind, part, part, null);

    /// <summary>
    /// Whoever opened a signed link for <paramref name="purpose"/> (link:ack): the signature proves they got the
    /// message, not who they are, so the address is all that is known of them.
    /// </summary>
    public static Actor Link(string purpose, string? address) => new(LinkKind, purpose, purpose, address);

    public override string ToString() => $"{Kind}:{Name}";
}

/// <summary>One change: who, when, from where, what, and the object before and after (JSON; null when absent).</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    public required Actor Actor { get; init; }

    /// <summary>A dotted verb such as incident.create, incident.update.edit, maintenance.cancel, token.revoke.</summary>
    public required string Action { get; init; }

    public required string TargetType { get; init; }
    public required string TargetId { get; init; }

    /// <summary>One line for people reading the log.</summary>
    public required string Summary { get; init; }

    public string? Before { get; init; }
    public string? After { get; init; }
}

/// <summary>Which audit rows to show; every field is optional.</summary>
public sealed record AuditQuery
{
    /// <summary>Matches the actor's name or id.</summary>
    public string? Actor { get; init; }

    /// <summary>Matches actions starting with this (incident matches incident.create and incident.resolve).</summary>
    public string? Action { get; init; }

    public string? TargetId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 200;
}
