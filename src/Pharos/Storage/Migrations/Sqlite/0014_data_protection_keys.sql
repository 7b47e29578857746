-- The ASP.NET Core data-protection key ring (admin cookies, antiforgery tokens, 2FA secrets in forms), shared by every
-- node on this database so that what one node issued another accepts. One row per XML element the key manager stores:
-- a key (name key-{id}) or a revocation. The XML holds the key material itself: whoever reads this table can forge
-- admin cookies, exactly as whoever could read the data folder's keys/ before.
CREATE TABLE data_protection_keys (
    name       TEXT PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
