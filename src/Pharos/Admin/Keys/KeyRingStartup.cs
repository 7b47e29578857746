using System.Xml;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Admin.Keys;

/// <summary>
/// Readies the shared key ring before the node serves: copies a key ring kept in DATA/keys by an earlier version into
/// the database (so an upgrade signs no one out), then loads the ring, making its first key if it has none.
/// </summary>
public static class KeyRingStartup
{
    /// <summary>Left in DATA/keys once its keys are in the database: the folder is then neither read nor imported again.</summary>
    public const string ImportedMarker = "IMPORTED-INTO-DATABASE.txt";

    public static async Task PrepareKeyRingAsync(this IServiceProvider services, string dataDirectory, CancellationToken ct)
    {
        var db = services.GetRequiredService<Database>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<DatabaseXmlRepository>>();
        await using (await KeyRingLock.TakeAsync(db, ct).ConfigureAwait(false))
        {
            await ImportFolderAsync(db, Path.Combine(dataDirectory, "keys"), time, logger, ct).ConfigureAwait(false);
            // Protecting anything loads the ring into this node's cache, and makes the first key if the ring is empty.
            _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Pharos.Admin.Keys.Startup").Protect([1]);
        }

        var now = time.GetUtcNow();
        var keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
        var current = keys.Where(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ActivationDate);
        if (current is not null)
        {
            KeyRingLog.Ready(logger, keys.Count, current.KeyId, current.ExpirationDate);
        }
    }

    private static async Task ImportFolderAsync(Database db, string folder, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        if (!Directory.Exists(folder) || File.Exists(Path.Combine(folder, ImportedMarker)))
        {
            return;
        }

        var rows = new List<(string Name, string Xml, long At)>();
        foreach (var file in Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var element = XElement.Load(file);
                rows.Add((Path.GetFileNameWithoutExtension(file), element.ToString(SaveOptions.DisableFormatting), new DateTimeOffset(File.GetLastWriteTimeUtc(file)).ToUnixTimeMilliseconds()));
            }
            catch (XmlException e)
            {
                KeyRingLog.Skipped(logger, file, e.Message);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var added = 0;
        await using (var c = await db.OpenAsync(ct).ConfigureAwait(false))
        await using (var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false))
        {
            foreach (var (name, xml, at) in rows)
            {
                added += await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
                    new { name, xml, at }, tx, cancellationToken: ct)).ConfigureAwait(false);
            }

            if (added > 0)
            {
                await SqliteAuditStore.InsertAsync(c, tx, new AuditEntry
                {
                    At = time.GetUtcNow(),
                    Actor = DatabaseXmlRepository.KeyRingActor,
                    Action = "keyring.import",
                    TargetType = "data_protection_key",
                    TargetId = folder,
                    Summary = $"Copied {added} key ring element(s) from {folder} into the database, shared by every node",
                }, ct).ConfigureAwait(false);
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, ImportedMarker),
            $"The keys in this folder were copied into the database (table data_protection_keys) at {time.GetUtcNow():u}.\n" +
            "Pharos no longer reads this folder. Keep it until you no longer need to roll back to an earlier version.\n", ct).ConfigureAwait(false);
        KeyRingLog.Imported(logger, added, rows.Count - added, folder);
    }
}
