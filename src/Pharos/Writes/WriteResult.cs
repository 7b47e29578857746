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

    /// <summary>For system writers, which have nobody to answer: a change that was not written is an error to retry.</summary>
    public T Written(string what) =>
        Outcome == WriteOutcome.Ok && Value is not null ? Value : throw new InvalidOperationException($"{what} was not written ({Outcome}).");
}
