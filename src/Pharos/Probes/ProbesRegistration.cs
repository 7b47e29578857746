using YamlDotNet.RepresentationModel;

namespace Pharos.Probes;

/// <summary>Registers the server's side of remote probes: the probes table, check handout and batch intake.</summary>
public static class ProbesRegistration
{
    public static IServiceCollection AddProbes(this IServiceCollection services, IReadOnlyDictionary<string, YamlMappingNode> portableChecks)
    {
        services.AddSingleton(new PortableChecks(portableChecks));
        services.AddSingleton<ProbeStore>();
        services.AddSingleton<ProbeService>();
        services.AddSingleton<ProbeChecks>();
        services.AddSingleton<ProbeIngest>();
        return services;
    }

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder app)
    {
        ProbeApi.Map(app);
        return app;
    }
}
