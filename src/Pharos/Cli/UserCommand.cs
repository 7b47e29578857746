using System.CommandLine;
using System.Globalization;
using Pharos.Accounts;
using Pharos.Audit;

namespace Pharos.Cli;

/// <summary>
/// `pharos user add|list|disable|enable|remove|set-password|set-role`: the people who may sign in, managed on the
/// server itself. Every change is audited (actor "cli") and ends the person's open sessions on their next request.
/// </summary>
public static class UserCommand
{
    public static Command Build(TextReader input)
    {
        var command = new Command("user", "Manage the people who may sign in to the admin");
        command.Subcommands.Add(Add(input));
        command.Subcommands.Add(List());
        command.Subcommands.Add(Change("disable", "Stop a user signing in and end their sessions", (a, id, ct) => a.DisableAsync(id, Actor.Cli, ct), u => $"Disabled {u.Name}; their sessions are ended."));
        command.Subcommands.Add(Change("enable", "Let a disabled user sign in again", (a, id, ct) => a.EnableAsync(id, Actor.Cli, ct), u => $"Enabled {u.Name}."));
        command.Subcommands.Add(Change("remove", "Delete a user, their sessions and recovery codes", (a, id, ct) => a.RemoveAsync(id, Actor.Cli, ct), u => $"Removed {u.Name}."));
        command.Subcommands.Add(SetPassword(input));
        command.Subcommands.Add(SetRole());
        return command;
    }

    private static Command Change(string verb, string description, Func<AccountService, string, CancellationToken, Task<AccountResult>> change, Func<User, string> done)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name" };
        var data = AdminCliContext.DataOption();
        var command = new Command(verb, description) { name, data, AdminCliContext.ConfigOption() };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(name)!, parse.GetValue(data)!, (ctx, user) => change(ctx.Accounts, user.Id, ct), done, ct));
        return command;
    }

    private static Command SetPassword(TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name" };
        var data = AdminCliContext.DataOption();
        var command = new Command("set-password", "Give a user a new password (read like add's) and end their sessions") { name, data, AdminCliContext.ConfigOption() };
        command.SetAction((parse, ct) =>
        {
            var password = ReadPassword(input, parse.InvocationConfiguration.Output);
            if (password is null)
            {
                parse.InvocationConfiguration.Error.WriteLine("pharos: the two passwords differ");
                return Task.FromResult(1);
            }

            return RunAsync(parse, parse.GetValue(name)!, parse.GetValue(data)!, (ctx, user) => ctx.Accounts.SetPasswordAsync(user.Id, password, Actor.Cli, ct),
                u => $"New password set for {u.Name}; their sessions are ended.", ct);
        });
        return command;
    }

    private static Command SetRole()
    {
        var name = new Argument<string>("NAME") { Description = "The user's name" };
        var role = new Argument<string>("ROLE") { Description = "admin, editor or viewer" };
        role.AcceptOnlyFromAmong("admin", "editor", "viewer");
        var data = AdminCliContext.DataOption();
        var command = new Command("set-role", "Change a user's role and end their sessions") { name, role, data, AdminCliContext.ConfigOption() };
        command.SetAction((parse, ct) =>
        {
            Roles.TryParse(parse.GetValue(role), out var r);
            return RunAsync(parse, parse.GetValue(name)!, parse.GetValue(data)!, (ctx, user) => ctx.Accounts.SetRoleAsync(user.Id, r, Actor.Cli, ct),
                u => $"{u.Name} is now {Roles.Of(u.Role)}; their sessions are ended.", ct);
        });
        return command;
    }

    /// <summary>Finds the user by name, applies the change, and reports it (exit 0) or why not (exit 1).</summary>
    private static async Task<int> RunAsync(ParseResult parse, string name, string data, Func<AdminCliContext, User, Task<AccountResult>> change, Func<User, string> done, CancellationToken ct)
    {
        var error = parse.InvocationConfiguration.Error;
        var ctx = await AdminCliContext.OpenAsync(data, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
        var user = await ctx.Store.FindUserByNameAsync(name.Trim(), ct).ConfigureAwait(false);
        if (user is null)
        {
            error.WriteLine($"pharos: there is no user named {name}");
            return 1;
        }

        var result = await change(ctx, user).ConfigureAwait(false);
        if (!result.Done)
        {
            error.WriteLine($"pharos: {result.Problem}");
            return 1;
        }

        parse.InvocationConfiguration.Output.WriteLine(done(result.User!));
        return 0;
    }

    private static Command Add(TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "The user name to sign in with" };
        var role = new Option<string>("--role") { Description = "admin, editor or viewer", DefaultValueFactory = _ => "editor" };
        role.AcceptOnlyFromAmong("admin", "editor", "viewer");
        var data = AdminCliContext.DataOption();
        var command = new Command("add", "Add a user; the password is read from a prompt, or from standard input when it is not a terminal") { name, role, data, AdminCliContext.ConfigOption() };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var password = ReadPassword(input, output);
            if (password is null)
            {
                error.WriteLine("pharos: the two passwords differ");
                return 1;
            }

            Roles.TryParse(parse.GetValue(role), out var r);
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
            var added = await ctx.Accounts.AddUserAsync(parse.GetValue(name)!, r, password, Actor.Cli, ct).ConfigureAwait(false);
            if (!added.Done)
            {
                error.WriteLine($"pharos: {added.Problem}");
                return 1;
            }

            output.WriteLine($"Added {Roles.Of(added.User!.Role)} {added.User.Name}. Sign in at /admin/login.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var data = AdminCliContext.DataOption();
        var command = new Command("list", "List users") { data, AdminCliContext.ConfigOption() };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, parse.GetValue<string?>("--config"), ct).ConfigureAwait(false);
            foreach (var u in await ctx.Store.ListUsersAsync(ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{u.Name}\t{Roles.Of(u.Role)}\t2fa={(u.TwoFactorEnabled ? "on" : "off")}\t{(u.Disabled ? "disabled" : "enabled")}\tcreated={u.CreatedAt:yyyy-MM-dd}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>From a terminal: asked twice without echo. Piped: the first line of input.</summary>
    private static string? ReadPassword(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine() ?? "";
        }

        output.Write("Password: ");
        var first = ReadHidden();
        output.Write("Again: ");
        var second = ReadHidden();
        return first == second ? first : null;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return new string([.. chars]);
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }
    }
}
