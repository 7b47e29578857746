using System.Globalization;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Cli;

/// <summary>
/// The `./pharos` wrapper typed in a folder other than the checkout: every relative path on the command line means
/// that folder, as in any other command.
/// </summary>
[Collection(ServeDemoProcessTests.Collection)]
public sealed class WrapperTests
{
    [Fact]
    public async Task Check_config_reads_a_relative_file_from_the_callers_directory()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("conf"));
        dir.Write("conf/pharos.yaml", TestConfigs.Basic);
        dir.Write("conf/bad.yaml", "site:\n  name: Shop\n  refresh_interval: often\n");

        await using (var ok = PharosProcess.StartWrapper(dir.Path, "check-config", "conf/pharos.yaml"))
        {
            (await ok.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, ok.Output);
            ok.Output.ShouldContain("conf/pharos.yaml: OK");
        }

        await using var bad = PharosProcess.StartWrapper(dir.Path, "check-config", "conf/bad.yaml");
        (await bad.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(1, bad.Output);
        bad.Output.ShouldContain("conf/bad.yaml:3:21: site: 'refresh_interval' must be a duration");
    }

    [Fact]
    public async Task Check_config_of_a_missing_relative_file_names_it_and_fails()
    {
        using var dir = new TempDir();
        await using var pharos = PharosProcess.StartWrapper(dir.Path, "check-config", "nowhere.yaml");
        (await pharos.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldNotBe(0, pharos.Output);
        pharos.Output.ShouldContain("nowhere.yaml");
    }

    [Fact]
    public async Task Demo_started_in_another_directory_keeps_its_data_there_and_failover_status_reads_it()
    {
        using var dir = new TempDir();
        var port = PharosProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        await using (var demo = PharosProcess.StartWrapper(dir.Path, "serve", "--demo", "--urls", address.ToString().TrimEnd('/'),
            "--dns-port", PharosProcess.FreePort().ToString(CultureInfo.InvariantCulture)))
        {
            await demo.WaitUntilServingAsync(address, TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = address };
            (await http.GetStringAsync("/")).ShouldContain("Tidewater Commerce");
            demo.Interrupt();
            (await demo.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, demo.Output);
            demo.Output.ShouldContain($"data in {dir.File("data")}");
        }

        File.Exists(Path.Combine(dir.Path, "data", "pharos.db")).ShouldBeTrue("--data defaults to ./data where the command was typed");

        await using var status = PharosProcess.StartWrapper(dir.Path, "failover", "status");
        (await status.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, status.Output);
        status.Output.ShouldContain("shop");
    }
}
