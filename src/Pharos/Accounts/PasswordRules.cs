namespace Pharos.Accounts;

/// <summary>What a password must be: long rather than complicated (NIST SP 800-63B), and not absurdly long.</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 1024;

    public static string? Problem(string? password) => password switch
    {
        null or "" => "A password is required.",
        { Length: < MinLength } => $"The password must be at least {MinLength} characters.",
        { Length: > MaxLength } => $"The password must be at most {MaxLength} characters.",
        _ => null,
    };
}
