using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pharos.Accounts;
using Pharos.Audit;

namespace Pharos.Tests.Support;

/// <summary>Users, tokens and API clients for tests of the admin and /api/v1.</summary>
public static class AdminTestExtensions
{
    public const string Password = "correct horse battery";

    public static async Task<User> AddUserAsync(this TestApp app, string name, UserRole role = UserRole.Editor)
    {
        var added = await app.Services.GetRequiredService<AccountService>().AddUserAsync(name, role, Password, Actor.Cli, CancellationToken.None);
        added.User.ShouldNotBeNull(added.Problem);
        return added.User;
    }

    /// <summary>A client of its own that sends a new token with these scopes.</summary>
    public static async Task<HttpClient> ApiClientAsync(this TestApp app, params string[] scopes)
    {
        var (_, secret) = await app.Services.GetRequiredService<TokenService>().CreateAsync("test", scopes, Actor.Cli, CancellationToken.None);
        var client = new HttpClient { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);
}
