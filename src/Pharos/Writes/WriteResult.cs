using Pharos.Http;

namespace Pharos.Writes;

public enum WriteOutcome
{
    Ok,

    /// <summary>The request was wrong; nothing was written. The Validation says what.</summary>
    Invalid,

    NotFound,

    /// <summary>Someone else kept changing the same object; nothing was written.</summary>
    Conflict,
}

/// <summary>What a write did, for the API (status codes) and the forms (messages) alike.</summary>
public sealed record WriteResult<T>(WriteOutcome Outcome, T? Value, Validation Validation)
    where T : class
{
    public static WriteResult<T> NotFound() => new(WriteOutcome.NotFound, null, new Validation());
}
