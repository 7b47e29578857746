namespace Pharos.Domain;

/// <summary>The time a change is stamped with.</summary>
public static class ChangeTime
{
    /// <summary>Strictly after the last change, so two quick edits never share a time and updates keep their order.</summary>
    public static DateTimeOffset After(DateTimeOffset last, DateTimeOffset now) => now > last ? now : last.AddMilliseconds(1);
}
