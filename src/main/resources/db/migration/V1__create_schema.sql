-- Bulwark schema, version 1: deliveries, the ledger they are applied to, and operator alerts.
-- Amounts are unconstrained NUMERIC: exact, and never silently rounded to a fixed scale.

CREATE TABLE webhook_events (
    id              uuid         PRIMARY KEY,
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
    CONSTRAINT webhook_events_source_delivery_id_key UNIQUE (source, delivery_id),
    CONSTRAINT webhook_events_status_check
        CHECK (status IN ('RECEIVED', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED')),
    CONSTRAINT webhook_events_attempts_check CHECK (attempts >= 0)
);

-- The recovery worker's queue: only events that still need work are indexed.
CREATE INDEX webhook_events_pending_idx ON webhook_events (next_attempt_at)
    WHERE status IN ('RECEIVED', 'PROCESSING', 'FAILED');
CREATE INDEX webhook_events_status_received_idx ON webhook_events (status, received_at DESC);
CREATE INDEX webhook_events_source_received_idx ON webhook_events (source, received_at DESC);

CREATE TABLE accounts (
    id          uuid         PRIMARY KEY,
    external_id varchar(255) NOT NULL,
    status      varchar(32)  NOT NULL,
    name        varchar(255),
    currency    varchar(3),
    balance     numeric,
    state_as_of timestamptz,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    version     bigint       NOT NULL DEFAULT 0,
    CONSTRAINT accounts_external_id_key UNIQUE (external_id),
    CONSTRAINT accounts_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE TABLE transactions (
    id          uuid         PRIMARY KEY,
    external_id varchar(255) NOT NULL,
    account_id  uuid         NOT NULL REFERENCES accounts (id),
    amount      numeric      NOT NULL,
    currency    varchar(3)   NOT NULL,
    status      varchar(32)  NOT NULL,
    booked_at   timestamptz,
    description text,
    state_as_of timestamptz,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    version     bigint       NOT NULL DEFAULT 0,
    CONSTRAINT transactions_external_id_key UNIQUE (external_id),
    CONSTRAINT transactions_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE INDEX transactions_account_booked_idx ON transactions (account_id, booked_at DESC);

CREATE TABLE alerts (
    id              uuid         PRIMARY KEY,
    severity        varchar(16)  NOT NULL,
    title           varchar(255) NOT NULL,
    source          varchar(64),
    event_type      varchar(128),
    webhook_id      uuid         REFERENCES webhook_events (id),
    error_class     varchar(255),
    acknowledged    boolean      NOT NULL DEFAULT false,
    acknowledged_at timestamptz,
    acknowledged_by varchar(255),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    version         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT alerts_severity_check CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL'))
);

CREATE INDEX alerts_unacknowledged_idx ON alerts (created_at DESC) WHERE NOT acknowledged;
