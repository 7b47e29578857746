using System.Security.Cryptography;

namespace Pharos.Domain;

/// <summary>Statuspage-style identifiers: 12 lowercase alphanumerics, unguessable.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>True for ids this program could have made, or config ids (letters, digits, '-', '_').</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
