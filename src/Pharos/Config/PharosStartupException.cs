namespace Pharos.Config;

/// <summary>A reason not to start that the operator must fix, printed as a plain message rather than a stack trace.</summary>
public sealed class PharosStartupException : Exception
{
    public PharosStartupException() { }

    public PharosStartupException(string message) : base(message) { }

    public PharosStartupException(string message, Exception inner) : base(message, inner) { }
}
