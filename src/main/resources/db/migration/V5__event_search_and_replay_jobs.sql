-- Bulwark schema, version 5: searching stored events page by page, bulk replay jobs, and an audit of replays.
--
-- webhook_events may be partitioned by received_at (version 4), so its indexes here are plain CREATE INDEX on
-- the table (PostgreSQL creates them on every partition) and nothing here is UNIQUE on it or refers to it by a
-- foreign key.

-- The event search pages newest first by (received_at, id), optionally narrowed. Each index below serves one
-- narrowing in page order, so a page reads only its own rows: none, source, status. The (source, received_at)
-- and (status, received_at) indexes of version 1 give way to the same with the id, so ingestion maintains one
-- index more than before, not three. A delivery id is found through (source, delivery_id), which deduplication
-- keeps anyway; a type narrows the newest-first scan without an index of its own.
DROP INDEX IF EXISTS webhook_events_status_received_idx;
DROP INDEX IF EXISTS webhook_events_source_received_idx;
CREATE INDEX IF NOT EXISTS webhook_events_received_id_idx ON webhook_events (received_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS webhook_events_source_received_id_idx ON webhook_events (source, received_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS webhook_events_status_received_id_idx ON webhook_events (status, received_at DESC, id DESC);

-- A bulk replay: its filter, its state, the replica holding it (owner, until lease_until; after the job ended, the last
-- one that held it) and its counts. A job is run by one replica at a time: the one holding an unexpired lease.
CREATE TABLE replay_jobs (
    id               uuid         PRIMARY KEY,
    state            varchar(16)  NOT NULL,
    source           varchar(64),
    delivery_id      varchar(255),
    event_type       varchar(128),
    status           varchar(16),
    received_from    timestamptz,
    received_to      timestamptz,
    include_ignored  boolean      NOT NULL,
    idempotency_key  varchar(255),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    created_by       varchar(255) NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    owner            varchar(255),
    lease_until      timestamptz,
    selected         integer,
    processed        integer      NOT NULL DEFAULT 0,
    failed           integer      NOT NULL DEFAULT 0,
    ignored          integer      NOT NULL DEFAULT 0,
    skipped          integer      NOT NULL DEFAULT 0,
    error            text,
    CONSTRAINT replay_jobs_state_check CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    CONSTRAINT replay_jobs_status_check CHECK (status IN ('FAILED', 'IGNORED'))
);

CREATE UNIQUE INDEX replay_jobs_idempotency_key ON replay_jobs (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX replay_jobs_created_idx ON replay_jobs (created_at DESC, id DESC);
CREATE INDEX replay_jobs_runnable_idx ON replay_jobs (created_at, id) WHERE state IN ('QUEUED', 'RUNNING');

-- The events a job selected when it started, in the order it replays them (received_at, id), each with the
-- outcome it had: the job's work list. An event gets one outcome per job.
CREATE TABLE replay_job_events (
    job_id     uuid        NOT NULL REFERENCES replay_jobs (id) ON DELETE CASCADE,
    seq        integer     NOT NULL,
    webhook_id uuid        NOT NULL,
    outcome    varchar(16),
    PRIMARY KEY (job_id, seq),
    CONSTRAINT replay_job_events_webhook_key UNIQUE (job_id, webhook_id),
    CONSTRAINT replay_job_events_outcome_check CHECK (outcome IN ('PROCESSED', 'FAILED', 'IGNORED', 'SKIPPED'))
);

-- Every replay of an event, by hand or by a job: who asked, which replica did it, and what came of it. The
-- event's history reads it; the ingestion path never writes it.
CREATE TABLE webhook_replays (
    id          uuid         PRIMARY KEY,
    webhook_id  uuid         NOT NULL,
    job_id      uuid         REFERENCES replay_jobs (id) ON DELETE SET NULL,
    replayed_at timestamptz  NOT NULL DEFAULT now(),
    replayed_by varchar(255) NOT NULL,
    replica     varchar(255) NOT NULL,
    outcome     varchar(16)  NOT NULL,
    detail      text,
    CONSTRAINT webhook_replays_outcome_check CHECK (outcome IN ('PROCESSED', 'FAILED', 'IGNORED'))
);

CREATE INDEX webhook_replays_webhook_idx ON webhook_replays (webhook_id, replayed_at);
CREATE INDEX webhook_replays_job_idx ON webhook_replays (job_id) WHERE job_id IS NOT NULL;

-- An event's history names the alerts raised for it.
CREATE INDEX IF NOT EXISTS alerts_webhook_idx ON alerts (webhook_id) WHERE webhook_id IS NOT NULL;
