-- Late notes and corrections: an update posted after the incident was resolved (or the maintenance completed) is a
-- postscript (added_later = 1); edited_at is when its text was last corrected (the old text is in the audit log).
ALTER TABLE incident_updates ADD COLUMN added_later INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incident_updates ADD COLUMN edited_at INTEGER;
ALTER TABLE maintenance_updates ADD COLUMN added_later INTEGER NOT NULL DEFAULT 0;
ALTER TABLE maintenance_updates ADD COLUMN edited_at INTEGER;
-- Corrections made before this column existed raised updated_at above created_at, and nothing else did.
UPDATE incident_updates SET edited_at = updated_at WHERE updated_at > created_at;
UPDATE maintenance_updates SET edited_at = updated_at WHERE updated_at > created_at;
