namespace Pharos.Notifications;

/// <summary>How urgent an event is. Quiet hours hold back everything below <see cref="Critical"/>.</summary>
public enum Severity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Wire names of <see cref="Severity"/>.</summary>
public static class Severities
{
    public static string Name(this Severity s) => s switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };

    public static Severity? Parse(string? text) => text switch
    {
        "critical" => Severity.Critical,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        _ => null,
    };
}
