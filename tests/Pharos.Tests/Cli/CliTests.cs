using Pharos.Cli;
using Pharos.Tests.Support;

namespace Pharos.Tests.Cli;

public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PharosCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task No_arguments_prints_help_and_succeeds()
    {
        var (code, output, _) = await Run();
        code.ShouldBe(0);
        output.ShouldContain("serve");
        output.ShouldContain("check-config");
    }

    [Fact]
    public async Task Check_config_accepts_a_valid_file()
    {
        using var dir = new TempDir();
        var (code, output, _) = await Run("check-config", dir.Write("pharos.yaml", TestConfigs.Basic));
        code.ShouldBe(0);
        output.ShouldContain("OK");
    }

    [Fact]
    public async Task Check_config_prints_file_line_column_and_fails()
    {
        using var dir = new TempDir();
        var path = dir.Write("pharos.yaml", "site:\n  name: Shop\n  time_zone: Nowhere/Land\ncomponents:\n  - id: a\n    nam: typo\n");
        var (code, _, error) = await Run("check-config", path);
        code.ShouldBe(1);
        error.ShouldContain($"{path}:3:14: site: 'time_zone' 'Nowhere/Land' is not an IANA time zone id");
        error.ShouldContain($"{path}:6:5: unknown field 'nam'");
        error.ShouldContain($"{path}:5:5: components[1]: 'name' is required");
    }

    [Fact]
    public async Task Serve_refuses_an_invalid_config_with_the_same_messages()
    {
        using var dir = new TempDir();
        var path = dir.Write("pharos.yaml", "site:\n  name: [unclosed\n");
        var (code, _, error) = await Run("serve", "--config", path, "--data", dir.File("data"), "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1);
        error.ShouldContain($"{path}:");
        error.ShouldContain("refusing to start");
        Directory.Exists(dir.File("data")).ShouldBeFalse("nothing is written for a refused config");
    }
}
