namespace Pharos.Admin;

/// <summary>The server-rendered admin under /admin.</summary>
public static class AdminUi
{
    public const string CsrfField = "__csrf";

    public static IServiceCollection AddAdminUi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapAdminUi(this IEndpointRouteBuilder app) => app;
}
