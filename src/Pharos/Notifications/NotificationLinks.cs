using System.Security.Cryptography;
using System.Text;
using Pharos.Config;
using Pharos.Storage;

namespace Pharos.Notifications;

/// <summary>
/// Signed links in messages (acknowledge an alert, confirm or leave a subscription): the signature is the
/// permission, so they work without signing in and cannot be made up. The key is made once and kept in the database.
/// </summary>
public sealed class NotificationLinks(SiteCatalog site, IStatusStore store)
{
    private const string KeyName = "notifications.signing_key";
    private byte[]? _key;

    /// <summary>Loads or creates the key; called once at start, before any link is made or checked.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var text = await store.GetMetaAsync(KeyName, ct).ConfigureAwait(false);
        if (text is null)
        {
            text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await store.SetMetaAsync(KeyName, text, ct).ConfigureAwait(false);
            // Another process may have raced us; whichever was stored wins for both.
            text = await store.GetMetaAsync(KeyName, ct).ConfigureAwait(false) ?? text;
        }

        _key = Convert.FromBase64String(text);
    }

    public string Sign(string purpose, string id)
    {
        var key = _key ?? throw new InvalidOperationException("NotificationLinks.InitializeAsync was not called.");
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{purpose}\n{id}"));
        return Convert.ToBase64String(mac, 0, 18).Replace('+', '-').Replace('/', '_');
    }

    public bool Verify(string purpose, string id, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(purpose, id)), Encoding.ASCII.GetBytes(signature));

    /// <summary>An absolute link on the public site: path without a leading slash, signed for purpose and id.</summary>
    public Uri Link(string path, string purpose, string id) =>
        new(site.Site.PublicUrl, $"{path}?sig={Sign(purpose, id)}");

    public Uri Acknowledge(long noticeId) =>
        Link($"notifications/ack/{noticeId}", "ack", noticeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
