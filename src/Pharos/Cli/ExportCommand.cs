using Pharos.Hosting;
using System.CommandLine;
using Pharos.Config;
using Pharos.FailoverSite;
using Pharos.Markdown;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Cli;

/// <summary>
/// `pharos export --snapshot FILE`: writes what the failover site needs (open incidents, the page indicator) to a
/// file, so the standby environment can serve it without reaching the primary's database.
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config", "-c") { Description = "Config file", DefaultValueFactory = _ => "pharos.yaml" };
        var data = new Option<string>("--data") { Description = "Data folder", DefaultValueFactory = _ => "data" };
        var snapshot = new Option<string>("--snapshot") { Description = "Write the failover site's snapshot (JSON) to this file", Required = true };
        var command = new Command("export", "Export data for the failover site") { config, data, snapshot };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            PharosConfig loaded;
            try
            {
                loaded = ConfigLoader.LoadFile(parse.GetValue(config)!);
            }
            catch (ConfigException e)
            {
                foreach (var err in e.Errors)
                {
                    error.WriteLine(err.ToString());
                }

                return 1;
            }

            var db = loaded.Storage.Open(Path.GetFullPath(parse.GetValue(data)!));
            if (db is SqliteDatabase { Path: var dbPath } && !File.Exists(dbPath))
            {
                error.WriteLine($"pharos: no database at {dbPath}");
                return 2;
            }

            var store = new SqliteStatusStore(db);
            await store.MigrateAsync(ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var status = SnapshotBuilder.Build(loaded, await store.LoadAsync(now - StatusRefresher.HistoryWindow, ct).ConfigureAwait(false), now);
            var site = SiteSnapshot.From(status, new MarkdownRenderer());
            var path = parse.GetValue(snapshot)!;
            site.WriteTo(path);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path}: {site.Incidents.Count} open incident(s), indicator {site.Indicator}");
            return 0;
        });
        return command;
    }
}
