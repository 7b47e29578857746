using System.CommandLine;
using Pharos.Accounts;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>The stores and services the user and token commands need, opened on the database in --data.</summary>
internal sealed class AdminCliContext
{
    private AdminCliContext(Database db, IAccountStore store, AccountService accounts, TokenService tokens)
    {
        Database = db;
        Store = store;
        Accounts = accounts;
        Tokens = tokens;
    }

    public Database Database { get; }

    public IAccountStore Store { get; }

    public AccountService Accounts { get; }

    public TokenService Tokens { get; }

    public static async Task<AdminCliContext> OpenAsync(string dataDirectory, string? configPath, CancellationToken ct)
    {
        var db = CliStorage.Open(dataDirectory, configPath);
        // The same migrations serve applies, so the CLI can create the first user before the first start.
        await new SqliteStatusStore(db).MigrateAsync(ct).ConfigureAwait(false);
        var store = new SqliteAccountStore(db);
        var accounts = new AccountService(store, new SqliteAuditStore(db), TimeProvider.System);
        return new AdminCliContext(db, store, accounts, new TokenService(store, TimeProvider.System));
    }

    public static Option<string?> ConfigOption() => CliStorage.ConfigOption();

    public static Option<string> DataOption() =>
        new("--data") { Description = "Folder holding the database (as for serve)", DefaultValueFactory = _ => "data" };
}
