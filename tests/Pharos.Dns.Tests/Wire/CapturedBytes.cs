namespace Pharos.Dns.Tests.Wire;

/// <summary>Real responses captured from BIND 9.18, stored as hex in TestData/bind-responses.txt.</summary>
internal static class CapturedBytes
{
    public static IReadOnlyList<(string Name, string Type, byte[] Bytes)> Bind { get; } = File
        .ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "bind-responses.txt"))
        .Where(l => !l.StartsWith('#') && l.Length > 0)
        .Select(l => l.Split(' '))
        .Select(p => (p[0], p[1], Convert.FromHexString(p[2])))
        .ToList();

    public static byte[] Get(string name, string type) => Bind.First(b => b.Name == name && b.Type == type).Bytes;
}
