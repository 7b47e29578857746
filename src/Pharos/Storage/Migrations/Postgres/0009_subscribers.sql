-- Status subscribers: people (email) and systems (webhook) who asked to hear about incidents and maintenance.
-- An email subscriber is active once confirmed by the signed link (double opt-in); a webhook once its URL answered
-- the verification call. Leaving keeps the row with unsubscribed_at, so the admin's counts stay honest.
CREATE TABLE subscribers (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    address         TEXT NOT NULL,
    -- The address compared for uniqueness (an email lowercased), so Ann@Shop.example cannot subscribe twice.
    address_key     TEXT NOT NULL,
    -- A merchant's one custom hostname: such a subscriber hears only about checks of that hostname.
    hostname        TEXT,
    language        TEXT NOT NULL DEFAULT 'en',
    created_at      BIGINT NOT NULL,
    confirmed_at    BIGINT,
    unsubscribed_at BIGINT
);
-- One live subscription per kind and address.
CREATE UNIQUE INDEX ux_subscribers_live ON subscribers (kind, address_key) WHERE unsubscribed_at IS NULL;
CREATE INDEX ix_subscribers_hostname ON subscribers (hostname) WHERE unsubscribed_at IS NULL AND confirmed_at IS NOT NULL;
CREATE INDEX ix_subscribers_created ON subscribers (created_at);

-- The components a subscriber chose; none means every component.
CREATE TABLE subscriber_components (
    subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    component_id  TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, component_id)
);

