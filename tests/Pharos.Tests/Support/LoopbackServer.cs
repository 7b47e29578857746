using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pharos.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 whose answers a test changes, stops and restarts on the same port.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;

    private LoopbackServer(X509Certificate2? certificate) => _certificate = certificate;

    public int Port { get; private set; }

    public string Scheme => _certificate is null ? "http" : "https";

    public Uri Url(string path = "/") => new($"{Scheme}://127.0.0.1:{Port}{path}");

    /// <summary>What the server answers; tests swap it to make the target fail, slow down or recover.</summary>
    public RequestDelegate Handler { get; set; } = ctx => ctx.Response.WriteAsync("ok");

    /// <summary>The SNI names clients sent, for HTTPS servers.</summary>
    public List<string> SniNames { get; } = [];

    public static async Task<LoopbackServer> StartAsync(RequestDelegate? handler = null, X509Certificate2? certificate = null)
    {
        var server = new LoopbackServer(certificate);
        if (handler is not null)
        {
            server.Handler = handler;
        }

        await server.StartOnAsync(0);
        return server;
    }

    public Task StopAsync() => _app is null ? Task.CompletedTask : StopAppAsync();

    /// <summary>Starts again on the same port, as a target coming back.</summary>
    public Task RestartAsync() => StartOnAsync(Port);

    private async Task StopAppAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o =>
        {
            if (_certificate is not null)
            {
                o.UseHttps(h => h.ServerCertificateSelector = (_, name) =>
                {
                    lock (SniNames)
                    {
                        SniNames.Add(name ?? "");
                    }

                    return _certificate;
                });
            }
        }));
        var app = builder.Build();
        app.Run(ctx => Handler(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>A self-signed certificate for localhost names, valid from yesterday for <paramref name="validFor"/>.</summary>
    public static X509Certificate2 SelfSigned(TimeSpan validFor, params string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names)
        {
            san.AddDnsName(n);
        }

        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now + validFor);
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
