using System.Diagnostics.CodeAnalysis;
using Pharos.Audit;

namespace Pharos.Failover.Commands;

/// <summary>What an operator can tell a policy to do.</summary>
public enum FailoverCommandKind
{
    /// <summary>Move the names to the failover side and pin them there until resumed.</summary>
    ToFailover,

    /// <summary>Move the names to the primary side and pin them there until resumed.</summary>
    ToPrimary,

    /// <summary>Keep the names on the side that is live now until resumed.</summary>
    Pin,

    /// <summary>Let the policy move by itself again.</summary>
    Resume,
}

/// <summary>The commands' names on the command line, in URLs, forms and the audit log (`failover.to-failover`).</summary>
public static class FailoverCommandKinds
{
    public static IReadOnlyList<FailoverCommandKind> All { get; } = Enum.GetValues<FailoverCommandKind>();

    /// <summary>The names, for messages that list what is allowed.</summary>
    public static string Names { get; } = string.Join(", ", All.Select(Name));

    public static string Name(this FailoverCommandKind kind) => kind switch
    {
        FailoverCommandKind.ToFailover => "to-failover",
        FailoverCommandKind.ToPrimary => "to-primary",
        FailoverCommandKind.Pin => "pin",
        FailoverCommandKind.Resume => "resume",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out FailoverCommandKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Name(), text, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

/// <summary>An operator's instruction to one policy, with who gave it and why (kept in the history and the audit log).</summary>
/// <param name="Force">Move to a standby that is not ready anyway (to-failover only); the reason says why.</param>
/// <param name="Planned">
/// Show the move on the status page as maintenance in progress rather than as an outage (to-failover only); the
/// maintenance ends when the names move back.
/// </param>
public sealed record FailoverCommand(string PolicyId, FailoverCommandKind Kind, Actor Actor, string Reason, bool Force = false, bool Planned = false)
{
    /// <summary>The wire names of what a move to the standby shows on the status page.</summary>
    public const string ShowOutage = "outage";

    /// <inheritdoc cref="ShowOutage"/>
    public const string ShowMaintenance = "maintenance";

    /// <summary>Reads `show`: outage (the default) or maintenance; false when it is neither.</summary>
    public static bool TryParseShow(string? show, out bool planned)
    {
        planned = show == ShowMaintenance;
        return show is null or "" or ShowOutage or ShowMaintenance;
    }

    public const int MaxReasonLength = 500;

    /// <summary>Why the reason is not acceptable, or null when it is.</summary>
    public string? ReasonProblem() => string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length > MaxReasonLength
        ? $"a reason is required (at most {MaxReasonLength} characters): it is kept in the failover history"
        : null;
}
