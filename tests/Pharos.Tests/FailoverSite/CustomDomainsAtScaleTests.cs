using System.Diagnostics;
using Pharos.Config;
using Pharos.FailoverSite;
using Pharos.Tests.Support;
using Xunit.Abstractions;

namespace Pharos.Tests.FailoverSite;

/// <summary>
/// 10,000 customer domains in a hostnames file, each with its certificate in a certbot directory, plus a wildcard in
/// a flat one: generated once, then the whole app started on them, with the time and memory it took.
/// </summary>
public sealed class CustomDomainsFixture : IAsyncLifetime
{
    public const int Domains = 10_000;

    public TempDir Dir { get; } = new();

    public CertbotDirectory Certs { get; } = new();

    public TestApp App { get; private set; } = null!;

    public string Letsencrypt => Path.Combine(Dir.Path, "letsencrypt");

    public string Flat => Path.Combine(Dir.Path, "flat");

    public string HostnamesFile => Path.Combine(Dir.Path, "customer-domains.txt");

    public List<string> Figures { get; } = [];

    public static string Name(int i) => $"shop{i:D5}.merchant{i % 97}.test";

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Domains, i => Certs.WriteCertbot(Letsencrypt, Name(i), 1, Name(i)));
        Certs.WriteFlat(Flat, "wild.test", "*.wild.test");
        File.WriteAllLines(HostnamesFile, ["# customers of the platform, one a line", "", .. Enumerable.Range(0, Domains).Select(Name), "*.wild.test  # every shop under wild.test"]);
        Figures.Add($"generated {Domains:N0} certificates (certbot layout, ECDSA P-256) in {clock.ElapsedMilliseconds:N0} ms");

        // The index alone, as the site builds it at start: time, allocation on this thread, and what it keeps.
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        var index = new SiteCertificates([], [Letsencrypt, Flat], TimeProvider.System);
        var scan = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        clock.Restart();
        var changed = index.ReloadIfChanged();
        var poll = clock.Elapsed;
        changed.ShouldBeFalse("nothing changed since the scan");
        Figures.Add($"index of {index.Index.Entries.Count:N0} certificates: scanned in {scan.TotalMilliseconds:N0} ms, {allocated / 1048576.0:N1} MB allocated (passing garbage, mostly file-read buffers), {retained / 1048576.0:N1} MB kept (heap delta; other tests run alongside); a look for changes ({SiteCertificates.StatsPerLook:N0} certificates, a stat each, every 2 s): {poll.TotalMilliseconds:N0} ms");
        GC.KeepAlive(index);

        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        clock.Restart();
        App = await TestApp.StartAsync(Yaml(HostnamesFile, Letsencrypt, Flat));
        var started = clock.Elapsed;
        Process.GetCurrentProcess().Refresh();
        Figures.Add($"app started with {Domains:N0} names and certificates (config, hostnames file, index, refusal check, Kestrel) in {started.TotalMilliseconds:N0} ms; process working set {rssBefore / 1048576.0:N0} MB before, {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:N0} MB after");
    }

    public static string Yaml(string hostnamesFile, params string[] directories) => $$"""
        site:
          name: Platform
          public_url: http://status.platform.test/
        components:
          - id: shops
            name: Shops
        failover_site:
          https: [127.0.0.1:0]
          http: [127.0.0.1:0]
          hostnames_file: {{hostnamesFile}}
          certificates_dir: [{{string.Join(", ", directories)}}]
          status_url: http://status.platform.test/
        """;

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Certs.Dispose();
        Dir.Dispose();
    }
}

/// <summary>What 10,000 customer domains cost at start, and that SNI picks each one's certificate, renewals included.</summary>
public sealed class CustomDomainsAtScaleTests(CustomDomainsFixture fixture, ITestOutputHelper output) : IClassFixture<CustomDomainsFixture>
{
    private int Port => fixture.App.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "https").Port;

    private SiteCertificates Certificates => fixture.App.Services.GetRequiredService<SiteCertificates>();

    [Fact]
    public async Task Ten_thousand_domains_start_small_and_SNI_picks_each_ones_certificate()
    {
        foreach (var line in fixture.Figures)
        {
            output.WriteLine(line);
        }

        Certificates.Index.Entries.Count.ShouldBe(CustomDomainsFixture.Domains + 1);
        Certificates.Index.Problems.ShouldBeEmpty();
        foreach (var i in new[] { 0, 1, 4242, 9998, 9999 })
        {
            var name = CustomDomainsFixture.Name(i);
            using var served = await fixture.Certs.HandshakeAsync(Port, name);
            SiteCertificates.NamesOf(served).ShouldBe([name]);
        }

        // Only what was asked for is loaded with its key; the rest stays a line in the index.
        Certificates.LoadedCount.ShouldBeLessThan(20);
        output.WriteLine($"certificates loaded with their keys after the handshakes: {Certificates.LoadedCount}");
    }

    [Fact]
    public async Task A_name_under_a_wildcard_gets_the_wildcard_certificate_from_the_flat_directory()
    {
        using var served = await fixture.Certs.HandshakeAsync(Port, "shop-without-its-own.wild.test");
        SiteCertificates.NamesOf(served).ShouldBe(["*.wild.test"]);
    }

    [Fact]
    public async Task A_certbot_renewal_is_served_without_a_restart()
    {
        var name = CustomDomainsFixture.Name(777);
        using (var before = await fixture.Certs.HandshakeAsync(Port, name))
        {
            var renewed = fixture.Certs.WriteCertbot(fixture.Letsencrypt, name, 2, name);
            before.SerialNumber.ShouldNotBe(renewed);
            var clock = Stopwatch.StartNew();
            await Eventually.TrueAsync(async () =>
            {
                using var now = await fixture.Certs.HandshakeAsync(Port, name);
                return now.SerialNumber == renewed;
            }, TimeSpan.FromSeconds(25), "the renewed certificate served", TimeSpan.FromMilliseconds(200));
            output.WriteLine($"renewal served {clock.ElapsedMilliseconds:N0} ms after certbot replaced the links");
        }

        // The others are untouched by one renewal.
        using var other = await fixture.Certs.HandshakeAsync(Port, CustomDomainsFixture.Name(778));
        SiteCertificates.NamesOf(other).ShouldBe([CustomDomainsFixture.Name(778)]);
    }
}

/// <summary>The refusal at start, and the hostnames file's own errors, at the scale of a platform.</summary>
public sealed class CustomDomainsRefusalTests
{
    [Fact]
    public async Task Names_without_a_certificate_are_refused_at_start_with_the_first_few_and_the_count()
    {
        using var dir = new TempDir();
        using var certs = new CertbotDirectory();
        var root = Path.Combine(dir.Path, "letsencrypt");
        var names = Enumerable.Range(0, 40).Select(i => $"c{i:D2}.merchants.test").ToList();
        foreach (var n in names.Take(10))
        {
            certs.WriteCertbot(root, n, 1, n);
        }

        var file = dir.Write("domains.txt", string.Join("\n", names));
        var e = await Should.ThrowAsync<PharosStartupException>(() => TestApp.StartAsync(CustomDomainsFixture.Yaml(file, root)));
        e.Message.ShouldContain("30 name(s), among them c10.merchants.test, c11.merchants.test");
        e.Message.ShouldNotContain("c09.merchants.test");
        e.Message.ShouldNotContain("c39.merchants.test");
    }

    [Fact]
    public void A_bad_line_in_the_hostnames_file_is_an_error_at_that_line_of_that_file()
    {
        using var dir = new TempDir();
        var file = dir.Write("domains.txt", "# customers\nshop.a.test\n\nnot a name\nshop.a.test\n*.wild.test\n");
        var yaml = dir.Write("pharos.yaml", CustomDomainsFixture.Yaml(file, dir.Path));
        var e = Should.Throw<ConfigException>(() => ConfigLoader.LoadFile(yaml));
        e.Errors.ShouldContain(x => x.File == file && x.Line == 4 && x.Message.Contains("'not a name' is not a host name"));
        e.Errors.ShouldContain(x => x.File == file && x.Line == 5 && x.Message.Contains("listed twice (first on line 2)"));
        e.Errors.ShouldNotContain(x => x.Line == 6 && x.File == file, "a wildcard is a name the failover site serves");
    }
}
