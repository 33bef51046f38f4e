-- Alerts become an outbox for ALERT_WEBHOOK_URL: each alert raised from now on waits as PENDING until a
-- worker has delivered it (SENT) or given up on it (ABANDONED). Alerts that already exist keep no status
-- (NULL) and are never sent, so an upgrade does not flood the receiver with old news. The defaults are set
-- after the columns are added so that they apply to new rows only; the Alert entity does not map these
-- columns, so how alerts are raised is unchanged.
ALTER TABLE alerts
    ADD COLUMN notify_status   varchar(16),
    ADD COLUMN notify_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN notify_next_at  timestamptz,
    ADD COLUMN notified_at     timestamptz,
    ADD COLUMN notify_error    varchar(255),
    ADD CONSTRAINT alerts_notify_status_check CHECK (notify_status IN ('PENDING', 'SENT', 'ABANDONED'));

ALTER TABLE alerts
    ALTER COLUMN notify_status SET DEFAULT 'PENDING',
    ALTER COLUMN notify_next_at SET DEFAULT now();

-- The worker's claim reads only what is still to be sent.
CREATE INDEX alerts_notify_due_idx ON alerts (notify_next_at) WHERE notify_status = 'PENDING';
