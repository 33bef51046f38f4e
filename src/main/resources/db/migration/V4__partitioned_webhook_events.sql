-- Bulwark schema, version 4: webhook_events partitioned by the UTC day of received_at, so that retention drops
-- whole days; the deduplication keys in a table of their own, since a unique index on a partitioned table must
-- hold the partition key and could then no longer tell a redelivery received on another day.
--
-- Every stored event is kept, unchanged: the table is copied into partitions (one per UTC day that holds events,
-- and today with the 7 days after it), with a DEFAULT partition for rows no daily partition takes. Each event's
-- keys are copied from it, the earliest received first, so that should two events share a key the first keeps it.

-- An alert outlives the event it names once that event's partition is dropped: the id stays, the reference goes.
ALTER TABLE alerts DROP CONSTRAINT alerts_webhook_id_fkey;

ALTER TABLE webhook_events RENAME TO webhook_events_unpartitioned;
ALTER TABLE webhook_events_unpartitioned DROP CONSTRAINT webhook_events_pkey;
ALTER TABLE webhook_events_unpartitioned DROP CONSTRAINT webhook_events_source_delivery_id_key;
DROP INDEX webhook_events_source_body_key;
DROP INDEX webhook_events_pending_idx;
DROP INDEX webhook_events_status_received_idx;
DROP INDEX webhook_events_source_received_idx;

CREATE TABLE webhook_events (
    id              uuid         NOT NULL,
    source          varchar(64)  NOT NULL,
    delivery_id     varchar(255) NOT NULL,
    event_type      varchar(128) NOT NULL,
    occurred_at     timestamptz,
    payload         jsonb        NOT NULL,
    status          varchar(16)  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      text,
    received_at     timestamptz  NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    next_attempt_at timestamptz,
    version         bigint       NOT NULL DEFAULT 0,
    ledger          varchar(64)  NOT NULL,
    body_sha256     bytea,
    CONSTRAINT webhook_events_pkey PRIMARY KEY (id, received_at),
    CONSTRAINT webhook_events_status_check
        CHECK (status IN ('RECEIVED', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED')),
    CONSTRAINT webhook_events_attempts_check CHECK (attempts >= 0)
) PARTITION BY RANGE (received_at);

CREATE INDEX webhook_events_pending_idx ON webhook_events (next_attempt_at)
    WHERE status IN ('RECEIVED', 'PROCESSING', 'FAILED');
CREATE INDEX webhook_events_status_received_idx ON webhook_events (status, received_at DESC);
CREATE INDEX webhook_events_source_received_idx ON webhook_events (source, received_at DESC);
-- Lookups by the provider's id; not unique: webhook_event_keys decides what is a duplicate.
CREATE INDEX webhook_events_source_delivery_idx ON webhook_events (source, delivery_id);

-- Takes whatever no daily partition takes (maintenance that has not run for days); watched and drained by the
-- application's partition maintenance.
CREATE TABLE webhook_events_default PARTITION OF webhook_events DEFAULT;

DO $$
DECLARE
    day date;
BEGIN
    FOR day IN
        SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM webhook_events_unpartitioned
        UNION
        SELECT (now() AT TIME ZONE 'UTC')::date + ahead FROM generate_series(0, 7) AS ahead
        ORDER BY 1
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF webhook_events FOR VALUES FROM (%L) TO (%L)',
                       'webhook_events_p' || to_char(day, 'YYYYMMDD'),
                       to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                       to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO webhook_events (id, source, delivery_id, event_type, occurred_at, payload, status, attempts, last_error,
                            received_at, processed_at, next_attempt_at, version, ledger, body_sha256)
SELECT id, source, delivery_id, event_type, occurred_at, payload, status, attempts, last_error,
       received_at, processed_at, next_attempt_at, version, ledger, body_sha256
FROM webhook_events_unpartitioned;

DROP TABLE webhook_events_unpartitioned;

-- What makes a delivery a duplicate, for as long as its event is kept: the same (source, delivery id), or, for
-- a source whose delivery id is not signed, the same (source, body digest). One row per stored event, holding
-- both keys, so that one INSERT ... ON CONFLICT DO NOTHING decides on both at once and never leaves half an
-- event's keys behind. received_at is its event's, so retention removes a key exactly with its event.
CREATE TABLE webhook_event_keys (
    source      varchar(64)  NOT NULL,
    delivery_id varchar(255) NOT NULL,
    body_sha256 bytea,
    event_id    uuid         NOT NULL,
    received_at timestamptz  NOT NULL,
    CONSTRAINT webhook_event_keys_pkey PRIMARY KEY (source, delivery_id)
);
CREATE UNIQUE INDEX webhook_event_keys_body_key ON webhook_event_keys (source, body_sha256)
    WHERE body_sha256 IS NOT NULL;
CREATE INDEX webhook_event_keys_received_idx ON webhook_event_keys (received_at);

INSERT INTO webhook_event_keys (source, delivery_id, body_sha256, event_id, received_at)
SELECT source, delivery_id, body_sha256, id, received_at
FROM webhook_events
ORDER BY received_at, id
ON CONFLICT DO NOTHING;

-- Autovacuum never analyzes a partitioned parent: give the planner its statistics once.
ANALYZE webhook_events;
ANALYZE webhook_event_keys;
