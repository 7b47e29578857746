namespace Pharos.SystemTests.Support;

/// <summary>
/// Decides what happens when a real dependency (a browser, a DNS server) is missing: in CI the test fails, so a
/// missing install step cannot hide behind green skips; on a developer's machine it is skipped with the reason.
/// </summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void File(string path, string what)
    {
        if (System.IO.File.Exists(path))
        {
            return;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"{what} is required in CI but {path} is missing; scripts/test installs it");
        }

        Skip.If(true, $"{what} is not installed ({path}); run ./scripts/test to install it");
    }
}
