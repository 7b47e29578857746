using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pharos.Tests.Support;

/// <summary>
/// Compares JSON with a reviewed copy kept in the source tree. Set PHAROS_UPDATE_GOLDEN=1 to rewrite the copies
/// after a deliberate change, then review the diff.
/// </summary>
public static class Golden
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static void Match(string name, byte[] actualJson, [CallerFilePath] string caller = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(caller)!, "Golden");
        var path = Path.Combine(dir, name);
        var actual = JsonNode.Parse(actualJson)!.ToJsonString(Pretty).ReplaceLineEndings("\n") + "\n";
        if (Environment.GetEnvironmentVariable("PHAROS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual);
            return;
        }

        File.Exists(path).ShouldBeTrue($"golden file {path} is missing; run with PHAROS_UPDATE_GOLDEN=1 and review it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual.ShouldBe(expected, $"{name} differs from its golden copy");
    }
}
