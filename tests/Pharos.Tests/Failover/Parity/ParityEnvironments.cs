using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pharos.Tests.Support;

namespace Pharos.Tests.Failover.Parity;

/// <summary>
/// Two real HTTPS environments on loopback serving the same shop (example.test, www.example.test), each with its own
/// certificate from one throwaway CA; a test breaks the standby by swapping what it serves.
/// </summary>
public sealed class ParityEnvironments : IAsyncDisposable
{
    private readonly TestCertificates _ca = new();
    private readonly TestCertificates _otherCa = new("Other Test CA");
    private readonly TempDir _dir = new();

    private ParityEnvironments()
    {
    }

    public LoopbackServer Primary { get; private set; } = null!;

    public LoopbackServer Standby { get; private set; } = null!;

    /// <summary>The CA's certificate as PEM, for `tls.ca_file`.</summary>
    public string CaFile { get; private set; } = "";

    /// <summary>What the standby serves differently: a path that fails, a build number.</summary>
    public HashSet<string> StandbyFailing { get; } = [];

    public string StandbyBuild { get; set; } = "1234";

    public string StandbyCheckout { get; set; } = "true";

    /// <summary>How long the standby takes over each answer.</summary>
    public TimeSpan StandbyDelay { get; set; }

    /// <param name="standbyNames">The names the standby's certificate covers (the primary's covers both).</param>
    public static Task<ParityEnvironments> StartAsync(params string[] standbyNames) => StartAsync(otherIssuer: false, standbyNames);

    /// <param name="otherIssuer">The standby's certificate comes from another CA (one the config does not trust).</param>
    /// <param name="standbyNames">The names the standby's certificate covers (the primary's covers both).</param>
    public static async Task<ParityEnvironments> StartAsync(bool otherIssuer, params string[] standbyNames)
    {
        var e = new ParityEnvironments();
        e.CaFile = Path.Combine(e._dir.Path, "ca.pem");
        await File.WriteAllTextAsync(e.CaFile, e._ca.Authority.ExportCertificatePem());
        e.Primary = await LoopbackServer.StartAsync(ctx => Serve(ctx, "primary", "1234", "true", []), e.Leaf(e._ca, "primary", "example.test", "www.example.test"));
        e.Standby = await LoopbackServer.StartAsync(
            async ctx =>
            {
                await Task.Delay(e.StandbyDelay);
                await Serve(ctx, "standby", e.StandbyBuild, e.StandbyCheckout, e.StandbyFailing);
            },
            e.Leaf(otherIssuer ? e._otherCa : e._ca, "standby", standbyNames.Length == 0 ? ["example.test", "www.example.test"] : standbyNames));
        return e;
    }

    /// <summary>The `parity:` section of a policy for these two environments, indented for a policy entry.</summary>
    /// <remarks>The latency ratio is off unless asked for: on a shared machine a few milliseconds either way are noise.</remarks>
    public string ParityYaml(string latencyRatio = "off") => $"""
              parity:
                primary: https://127.0.0.1:{Primary.Port}
                standby: https://127.0.0.1:{Standby.Port}
                interval: 1d
                timeout: 5s
                latency_ratio: {latencyRatio}
                requests:
                  - path: /api/version
                    headers: [x-build, content-type]
                    json: [version, build, flags.checkout]
                  - path: /
                    body: {"{"} ignore: ['name="csrf" value="[^"]*"', 'served by \w+'] {"}"}
                locales: [/de/, /fr/]
                tls: {"{"} ca_file: "{CaFile}", expiry_warning: 14d {"}"}
        """;

    /// <summary>A shop page with what differs per answer (a CSRF token, the serving node) and a JSON version endpoint.</summary>
    private static Task Serve(HttpContext ctx, string node, string build, string checkout, HashSet<string> failing)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (failing.Contains(path))
        {
            ctx.Response.StatusCode = 500;
            return ctx.Response.WriteAsync("locale bundle missing");
        }

        if (path == "/api/version")
        {
            ctx.Response.Headers["X-Build"] = build;
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync(JsonSerializer.Serialize(new { version = "4.2.0", build, flags = new { checkout = checkout == "true" } }));
        }

        ctx.Response.ContentType = "text/html";
        return ctx.Response.WriteAsync($"<html><body>\n  <form><input name=\"csrf\" value=\"{Guid.NewGuid():N}\"></form>  <p>Shop {path} for {ctx.Request.Host.Host}</p><footer>served by {node}</footer></body></html>");
    }

    private X509Certificate2 Leaf(TestCertificates ca, string file, params string[] names)
    {
        var (cert, key) = ca.Issue(_dir.Path, file, null, names);
        using var pem = X509Certificate2.CreateFromPemFile(cert, key);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        await Standby.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
        _dir.Dispose();
    }
}
