using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Admin.Keys;

/// <summary>
/// The data-protection key ring kept in the database (data_protection_keys) instead of each node's data folder, so an
/// admin cookie or a form token issued by one node is accepted by every other node on the same database.
/// </summary>
/// <remarks>
/// Synchronous because <see cref="IXmlRepository"/> is: the key manager reads the ring at its first use and then about
/// once a day, and writes only when it makes a key (every 90 days) or revokes one.
/// </remarks>
public sealed class DatabaseXmlRepository(Database db, TimeProvider time, ILogger<DatabaseXmlRepository> logger) : IXmlRepository
{
    /// <summary>Who the audit log names for a key the key manager made.</summary>
    public static readonly Actor KeyRingActor = Actor.System("keyring");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.Open();
        return c.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var name = string.IsNullOrWhiteSpace(friendlyName) ? $"element-{Guid.NewGuid():N}" : friendlyName;
        var now = time.GetUtcNow();
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        const string insert = "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING";
        var xml = element.ToString(SaveOptions.DisableFormatting);
        if (c.Execute(insert, new { name, xml, at = now.ToUnixTimeMilliseconds() }, tx) == 0)
        {
            // Another element under the same name (two revocations in one instant): keep both, as the file system would.
            name = $"{name}-{Guid.NewGuid():N}";
            c.Execute(insert, new { name, xml, at = now.ToUnixTimeMilliseconds() }, tx);
        }

        SqliteAuditStore.Insert(c, tx, new AuditEntry
        {
            At = now,
            Actor = KeyRingActor,
            Action = element.Name.LocalName == "revocation" ? "keyring.revoke" : "keyring.add",
            TargetType = "data_protection_key",
            TargetId = name,
            // Never the XML: it holds the key itself.
            Summary = $"Stored {name} in the shared key ring (admin cookies and form tokens)",
        });
        tx.Commit();
        KeyRingLog.Stored(logger, name);
    }
}
