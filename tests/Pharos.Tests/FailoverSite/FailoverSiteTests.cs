using Pharos.Config;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Pharos.FailoverSite;
using Pharos.Tests.Support;

namespace Pharos.Tests.FailoverSite;

/// <summary>One running site with its certificates, shared by the tests of a class: starting it costs seconds.</summary>
public sealed class FailoverSiteFixture : IAsyncLifetime
{
    public TempDir Dir { get; } = new();

    public TestCertificates Ca { get; } = new();

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(Dir.Path, "shop.js"), "window.shopWidget = { ready: true };");
        File.WriteAllText(Path.Combine(Dir.Path, "shop.css"), ".shop-widget { display: block; }");
        var apex = Ca.Issue(Dir.Path, "apex", null, "shop.test", "www.shop.test", "admin.shop.test");
        var wildcard = Ca.Issue(Dir.Path, "wildcard", null, "*.shop.test");
        var customer = Ca.Issue(Dir.Path, "customer", null, "shop.customer.test");
        var certs = string.Join("\n", new[] { apex, wildcard, customer }.Select(c => $"    - {{ cert: {c.Cert}, key: {c.Key} }}"));
        App = await TestApp.StartAsync(FailoverSiteTests.Yaml(Dir.Path, certs));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Ca.Dispose();
        Dir.Dispose();
    }
}

/// <summary>The failover site over real TLS: SNI, wildcards, Host variations, and what each kind of client gets.</summary>
public sealed class FailoverSiteTests(FailoverSiteFixture fixture) : IClassFixture<FailoverSiteFixture>
{
    private readonly TempDir _dir = fixture.Dir;
    private readonly TestCertificates _ca = fixture.Ca;
    private readonly TestApp _app = fixture.App;

    public static string Yaml(string dir, string certs, string extra = "") => $$"""
        site:
          name: Shop
          public_url: http://status.shop.test/
        components:
          - id: app
            name: App
        dns:
          listen: [127.0.0.1:0]
        failover:
          policies:
            - id: shop
              zone: shop.test
              provider: { type: builtin }
              records: ["@", www, "*"]
              ttl: 60s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20] }
              components: [app]
              trigger: { checks: [primary-http] }
        failover_site:
          https: [127.0.0.1:0]
          http: [127.0.0.1:0]
          hostnames: [shop.customer.test]
          admin_hostnames: [admin.shop.test]
          admin_paths: [/admin]
          api_paths: [/api/]
          status_url: http://status.shop.test/
          includes:
            - { path: /static/shop.js, file: {{dir}}/shop.js }
            - { path: /static/shop.css, file: {{dir}}/shop.css }
          certificates:
        {{certs}}
        {{extra}}
        """;

    private Uri Https => _app.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "https");

    private Uri Http => _app.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "http");

    /// <summary>A client that connects to the site whatever the name, sends that name as SNI and Host, and checks the certificate properly.</summary>
    private HttpClient Client(string host, Action<X509Certificate2?>? seen = null)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, Https.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    var c = cert is null ? null : new X509Certificate2(cert);
                    seen?.Invoke(c);
                    return _ca.Validate(c, host);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{host}:{Https.Port}/") };
    }

    [Theory]
    [InlineData("www.shop.test", "www.shop.test")]
    [InlineData("shop.test", "shop.test")]
    [InlineData("customer-42.shop.test", "*.shop.test")]
    [InlineData("shop.customer.test", "shop.customer.test")]
    public async Task Each_name_gets_a_valid_certificate_by_SNI_and_the_maintenance_page(string host, string certName)
    {
        X509Certificate2? served = null;
        using var client = Client(host, c => served = c);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var response = await client.GetAsync("/checkout");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(300));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("http://status.shop.test/");
        SiteCertificates.NamesOf(served!).ShouldContain(certName);
    }

    [Fact]
    public async Task A_name_without_a_certificate_fails_the_handshake()
    {
        using var client = Client("unknown.example.test");
        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("/"));
    }

    [Fact]
    public async Task Programs_get_problem_json_by_accept_header_or_path()
    {
        using var client = Client("www.shop.test");
        using var byAccept = new HttpRequestMessage(HttpMethod.Get, "/orders/7");
        byAccept.Headers.Accept.ParseAdd("application/json");
        var a = await client.SendAsync(byAccept);
        a.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        a.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var doc = JsonDocument.Parse(await a.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("status").GetInt32().ShouldBe(503);

        var b = await client.GetAsync("/api/v3/products");
        b.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        b.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Admin_hostnames_and_paths_redirect_to_the_status_page()
    {
        using var admin = Client("admin.shop.test");
        var a = await admin.GetAsync("/orders");
        a.StatusCode.ShouldBe(HttpStatusCode.Found);
        a.Headers.Location!.ToString().ShouldBe("http://status.shop.test/");
        using var www = Client("www.shop.test");
        (await www.GetAsync("/admin/settings")).StatusCode.ShouldBe(HttpStatusCode.Found);
    }

    [Fact]
    public async Task Include_files_are_served_with_their_type_and_caching()
    {
        using var client = Client("customer-7.shop.test");
        var js = await client.GetAsync("/static/shop.js");
        js.StatusCode.ShouldBe(HttpStatusCode.OK);
        js.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        js.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromMinutes(5));
        (await js.Content.ReadAsStringAsync()).ShouldContain("shopWidget");
        var css = await client.GetAsync("/static/shop.css");
        css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/static/shop.js");
        again.Headers.IfNoneMatch.Add(js.Headers.ETag!);
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Page_speaks_the_visitors_language_and_comes_compressed()
    {
        using var client = Client("www.shop.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("de-CH, de;q=0.9, en;q=0.5");
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var response = await client.SendAsync(request);
        response.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        await using var br = new System.IO.Compression.BrotliStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var html = await new StreamReader(br).ReadToEndAsync();
        html.ShouldContain("lang=\"de\"");
        html.ShouldContain("Wir sind gleich zurück");
        response.Headers.Vary.ShouldContain("Accept-Language");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
    }

    [Fact]
    public async Task Health_endpoint_answers_for_the_load_balancer_over_plain_http()
    {
        using var http = new HttpClient { BaseAddress = Http };
        var r = await http.GetAsync(SiteRequestHandler.HealthPath);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task The_open_incident_is_shown_from_the_status_role()
    {
        await _app.Store.SeedIncidentAsync(Samples.Incident("site00000001", DateTimeOffset.UtcNow, name: "Checkout is down", body: "We moved to the **standby** <b>now</b>."), CancellationToken.None);
        await _app.RefreshAsync();
        using var client = Client("www.shop.test");
        var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        html.ShouldContain("Checkout is down");
        html.ShouldContain("We moved to the standby &lt;b&gt;now&lt;/b&gt;.", customMessage: "Markdown stripped, raw HTML shown as text");
        html.ShouldNotContain("<b>");
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_without_a_restart()
    {
        string? Serial(X509Certificate2? c) => c?.SerialNumber;
        string? before = null;
        using (var client = Client("shop.customer.test", c => before = Serial(c)))
        {
            await client.GetAsync("/");
        }

        _ca.Issue(_dir.Path, "customer", null, "shop.customer.test");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? after = before;
        while (after == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            using var client = Client("shop.customer.test", c => after = Serial(c));
            await client.GetAsync("/");
        }

        after.ShouldNotBe(before);
    }
}

public sealed class FailoverSiteStartupTests
{
    [Fact]
    public async Task A_hostname_without_a_certificate_is_refused_at_start_naming_it()
    {
        using var dir = new TempDir();
        using var ca = new TestCertificates();
        File.WriteAllText(Path.Combine(dir.Path, "shop.js"), "x");
        File.WriteAllText(Path.Combine(dir.Path, "shop.css"), "x");
        var apex = ca.Issue(dir.Path, "apex", null, "shop.test", "www.shop.test", "admin.shop.test");
        var yaml = FailoverSiteTests.Yaml(dir.Path, $"    - {{ cert: {apex.Cert}, key: {apex.Key} }}");
        var e = await Should.ThrowAsync<PharosStartupException>(() => TestApp.StartAsync(yaml));
        e.Message.ShouldContain("*.shop.test");
        e.Message.ShouldContain("shop.customer.test");
        e.Message.ShouldNotContain("www.shop.test");
    }

    [Fact]
    public async Task An_expired_certificate_does_not_count()
    {
        using var dir = new TempDir();
        using var ca = new TestCertificates();
        File.WriteAllText(Path.Combine(dir.Path, "shop.js"), "x");
        File.WriteAllText(Path.Combine(dir.Path, "shop.css"), "x");
        var all = ca.Issue(dir.Path, "all", TimeSpan.FromMinutes(-1), "shop.test", "www.shop.test", "*.shop.test", "admin.shop.test", "shop.customer.test");
        var e = await Should.ThrowAsync<PharosStartupException>(() => TestApp.StartAsync(FailoverSiteTests.Yaml(dir.Path, $"    - {{ cert: {all.Cert}, key: {all.Key} }}")));
        e.Message.ShouldContain("www.shop.test");
    }
}

public sealed class SnapshotExportTests
{
    [Fact]
    public async Task Export_writes_a_snapshot_that_a_site_without_a_status_role_serves()
    {
        await using var primary = await TestApp.StartAsync();
        await primary.Store.SeedIncidentAsync(Samples.Incident("exp000000001", DateTimeOffset.UtcNow, name: "Payments failing"), CancellationToken.None);
        var file = Path.Combine(primary.DataDirectory, "export", "site.json");
        var output = new StringWriter();
        var code = await Pharos.Cli.PharosCli.RunAsync(["export", "--config", Path.Combine(primary.DataDirectory, "pharos.yaml"), "--data", primary.DataDirectory, "--snapshot", file], output, output);
        code.ShouldBe(0, output.ToString());
        output.ToString().ShouldContain("1 open incident(s)");

        var snapshot = SiteSnapshot.TryRead(file).ShouldNotBeNull();
        var content = new SiteContent(new FailoverSiteConfig { Enabled = true, SnapshotFile = file });
        content.Update(snapshot);
        System.Text.Encoding.UTF8.GetString(content.PageFor("en").Identity).ShouldContain("Payments failing");
        System.Text.Encoding.UTF8.GetString(content.Problem.Identity).ShouldContain("Payments failing");
    }

    [Fact]
    public void With_no_snapshot_at_all_the_static_page_is_still_served()
    {
        var content = new SiteContent(new FailoverSiteConfig { Enabled = true });
        var html = System.Text.Encoding.UTF8.GetString(content.PageFor(null).Identity);
        html.ShouldContain("be right back");
        html.ShouldNotContain("data-incident-id");
    }
}
