using System.Text.Json;
using System.Xml.Linq;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Cli;

/// <summary>`pharos serve --demo` as a new user runs it: a real process, real port, Ctrl+C.</summary>
[Collection(Collection)]
public sealed class ServeDemoProcessTests
{
    /// <summary>The demo listens on fixed addresses too (its primary environment, failover site, check targets): one at a time.</summary>
    public const string Collection = "The demo's fixed ports";

    private static readonly string[] V2 =
    [
        "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
        "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
    ];

    [Fact]
    public async Task Demo_serves_everything_and_stops_cleanly_on_ctrl_c()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var port = PharosProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var dnsPort = PharosProcess.FreePort();
        await using var pharos = PharosProcess.Start("serve", "--demo", "--data", data, "--urls", address.ToString().TrimEnd('/'), "--dns-port", dnsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await pharos.WaitUntilServingAsync(address, TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = address };
        var home = await http.GetStringAsync("/");
        home.ShouldContain("id=\"present\"");
        home.ShouldContain("id=\"future\"");
        home.ShouldContain("id=\"past\"");
        home.ShouldContain("Tidewater Commerce");

        foreach (var endpoint in V2)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v2/" + endpoint));
            doc.RootElement.GetProperty("page").GetProperty("name").GetString().ShouldBe("Tidewater Commerce");
        }

        using var summary = JsonDocument.Parse(await http.GetStringAsync("/api/v2/summary.json"));
        summary.RootElement.GetProperty("incidents").EnumerateArray()
            .ShouldAllBe(i => i.GetProperty("status").GetString() != "resolved" && i.GetProperty("status").GetString() != "postmortem");
        summary.RootElement.GetProperty("scheduled_maintenances").GetArrayLength().ShouldBeGreaterThan(0);

        XDocument.Parse(await http.GetStringAsync("/history.atom")).Root!.Name.LocalName.ShouldBe("feed");
        XDocument.Parse(await http.GetStringAsync("/history.rss")).Root!.Name.LocalName.ShouldBe("rss");
        (await http.GetStringAsync("/maintenance.ics")).ShouldContain("BEGIN:VEVENT");

        // The demo's DNS failover: the built-in server answers for the demo zone, and the failover site is up with
        // the self-signed certificate the demo made for its names.
        var answer = await new Pharos.Dns.Client.DnsClient().QueryAsync(Pharos.Dns.DnsName.Parse("www.tidewater.test."), Pharos.Dns.DnsType.A, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, dnsPort));
        answer.Message.Answers.Single().Data.ToString().ShouldBe("127.0.0.10");
        pharos.Output.ShouldContain("self-signed certificate");
        using var site = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert!.MatchesHostname("www.tidewater.test") });
        var maintenance = await site.GetAsync("https://127.0.0.20:8443/");
        maintenance.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        (await maintenance.Content.ReadAsStringAsync()).ShouldContain("Tidewater Commerce");

        pharos.Interrupt();
        (await pharos.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, pharos.Output);
        File.Exists(Path.Combine(data, "pharos.db")).ShouldBeTrue();
        Directory.GetFiles(dir.Path).ShouldBeEmpty("the demo writes only inside its data folder");
    }

    [Fact]
    public async Task Invalid_config_is_refused_with_file_line_column_and_a_non_zero_exit()
    {
        using var dir = new TempDir();
        var config = dir.Write("pharos.yaml", "site:\n  name: Shop\n  refresh_interval: often\n");
        await using var pharos = PharosProcess.Start("check-config", config);
        (await pharos.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(1);
        pharos.Output.ShouldContain($"{config}:3:21: site: 'refresh_interval' must be a duration");
    }
}
