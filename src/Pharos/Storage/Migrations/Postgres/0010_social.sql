-- Whether an update is also posted to Mastodon and X: chosen per update by the operator, off by default.
ALTER TABLE incident_updates ADD COLUMN social INTEGER NOT NULL DEFAULT 0;
ALTER TABLE maintenance_updates ADD COLUMN social INTEGER NOT NULL DEFAULT 0;
