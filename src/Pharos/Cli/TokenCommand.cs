using System.CommandLine;
using System.Globalization;
using Pharos.Accounts;
using Pharos.Audit;

namespace Pharos.Cli;

/// <summary>`pharos token create --scopes …`, `pharos token list`, `pharos token revoke ID`.</summary>
public static class TokenCommand
{
    public static Command Build()
    {
        var command = new Command("token", "Manage API tokens for /api/v1");
        command.Subcommands.Add(Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Create()
    {
        var scopes = new Option<string[]>("--scopes") { Description = $"Any of: {string.Join(", ", Scopes.All)} (space- or comma-separated)", Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "cli" };
        var data = AdminCliContext.DataOption();
        var command = new Command("create", "Create a token and print it once; only its hash is kept") { scopes, name, data, AdminCliContext.ConfigOption() };
        command.SetAction(async (parse, ct) =>
        {
            var parsed = Scopes.Parse(string.Join(' ', parse.GetValue(scopes) ?? []), out var unknown);
            if (unknown.Count > 0 || parsed.Count == 0)
            {
                parse.InvocationConfiguration.Error.WriteLine($"pharos: unknown or missing scopes ({string.Join(", ", unknown)}); use {string.Join(", ", Scopes.All)}");
                return 1;
            }

            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
            var (token, secret) = await ctx.Tokens.CreateAsync(parse.GetValue(name)!, parsed, Actor.Cli, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(secret);
            parse.InvocationConfiguration.Error.WriteLine($"Token {token.Id} ({string.Join(' ', token.Scopes)}) created; it is shown only this once.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var data = AdminCliContext.DataOption();
        var command = new Command("list", "List tokens (never their secrets)") { data, AdminCliContext.ConfigOption() };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
            foreach (var t in await ctx.Tokens.ListAsync(ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Id}\t{t.Prefix}…\t{t.Name}\t{string.Join(' ', t.Scopes)}\t{(t.Revoked ? "revoked" : "live")}\tlast used {t.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("ID") { Description = "The token's id, from token list" };
        var data = AdminCliContext.DataOption();
        var command = new Command("revoke", "Revoke a token at once") { id, data, AdminCliContext.ConfigOption() };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
            if (!await ctx.Tokens.RevokeAsync(parse.GetValue(id)!, Actor.Cli, ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: no live token with that id");
                return 1;
            }

            parse.InvocationConfiguration.Output.WriteLine("Revoked.");
            return 0;
        });
        return command;
    }
}
