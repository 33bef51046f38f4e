-- Bulwark schema, version 3: one canonical name per source, the ledger each event is applied to, and the
-- digest of a raw body for sources whose delivery id is not signed.

-- A source is known by its canonical name: lower case (as stored already) with '-' for '_'. Rows stored under
-- another spelling move to the canonical one unless an event with the same delivery id is there already (the
-- same delivery stored twice under two spellings, before this version): such a copy keeps its old spelling,
-- so that no row is lost and the canonical key keeps pointing at the first one stored.
WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY replace(source, '_', '-'), delivery_id
                                  ORDER BY source = replace(source, '_', '-') DESC, received_at, id) AS rank
    FROM webhook_events
)
UPDATE webhook_events e
SET source = replace(e.source, '_', '-')
FROM ranked
WHERE ranked.id = e.id AND ranked.rank = 1 AND e.source <> replace(e.source, '_', '-');

UPDATE alerts SET source = replace(source, '_', '-') WHERE source LIKE '%\_%';

-- An event is applied to the ledger its source wrote when it was received; before ledgers could be
-- configured, that was the source's own.
ALTER TABLE webhook_events ADD COLUMN ledger varchar(64);
UPDATE webhook_events SET ledger = replace(source, '_', '-');
ALTER TABLE webhook_events ALTER COLUMN ledger SET NOT NULL;

-- GitHub signs the body but not X-GitHub-Delivery: the same body under a new id is the same delivery.
-- Events stored before this version have no digest.
ALTER TABLE webhook_events ADD COLUMN body_sha256 bytea;
CREATE UNIQUE INDEX webhook_events_source_body_key ON webhook_events (source, body_sha256)
    WHERE body_sha256 IS NOT NULL;
