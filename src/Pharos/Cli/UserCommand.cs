using System.CommandLine;
using System.Globalization;
using Pharos.Accounts;
using Pharos.Audit;

namespace Pharos.Cli;

/// <summary>`pharos user add NAME --role admin|editor|viewer` and `pharos user list`.</summary>
public static class UserCommand
{
    public static Command Build(TextReader input)
    {
        var command = new Command("user", "Manage the people who may sign in to the admin");
        command.Subcommands.Add(Add(input));
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Add(TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "The user name to sign in with" };
        var role = new Option<string>("--role") { Description = "admin, editor or viewer", DefaultValueFactory = _ => "editor" };
        role.AcceptOnlyFromAmong("admin", "editor", "viewer");
        var data = AdminCliContext.DataOption();
        var command = new Command("add", "Add a user; the password is read from a prompt, or from standard input when it is not a terminal") { name, role, data };
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
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, ct).ConfigureAwait(false);
            var (user, problem) = await ctx.Accounts.AddUserAsync(parse.GetValue(name)!, r, password, Actor.Cli, ct).ConfigureAwait(false);
            if (user is null)
            {
                error.WriteLine($"pharos: {problem}");
                return 1;
            }

            output.WriteLine($"Added {Roles.Of(user.Role)} {user.Name}. Sign in at /admin/login.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var data = AdminCliContext.DataOption();
        var command = new Command("list", "List users") { data };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = await AdminCliContext.OpenAsync(parse.GetValue(data)!, ct).ConfigureAwait(false);
            foreach (var u in await ctx.Store.ListUsersAsync(ct).ConfigureAwait(false))
            {
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{u.Name}\t{Roles.Of(u.Role)}\t2fa={(u.TwoFactorEnabled ? "on" : "off")}\tcreated={u.CreatedAt:yyyy-MM-dd}"));
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
