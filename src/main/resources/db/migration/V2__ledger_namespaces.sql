-- Bulwark schema, version 2: ledger namespaces. Accounts and transactions are keyed by (ledger, external id),
-- so that one source's events can never change another source's accounts. A ledger name is 1 to 64 of a-z, 0-9
-- and '-'; a source writes to the ledger of its canonical name (lower case, '_' as '-').
--
-- Every existing row is kept. An account lands in the ledger of the source of the earliest PROCESSED event whose
-- payload names it (data.account.id, data.transaction.accountId or any data.transactions[*].accountId), since
-- that is the ledger that source's next events write to. Earliest is by when the event was applied
-- (processed_at, else received_at); deliveries applied in one commit share that time, and among them the
-- alphabetically first ledger wins. An account no stored event names lands in ledger 'legacy'. A transaction
-- lands in its account's ledger.

ALTER TABLE accounts ADD COLUMN ledger varchar(64) NOT NULL DEFAULT 'legacy';
ALTER TABLE transactions ADD COLUMN ledger varchar(64) NOT NULL DEFAULT 'legacy';

-- Payloads are read defensively: a path through something that is not an object yields NULL, an id that is not
-- a string is no id, and data.transactions counts only when it is an array, so no stored payload can stop the
-- migration. A source whose canonical name is not a usable ledger name names nothing.
WITH named AS (
    SELECT lower(replace(e.source, '_', '-')) AS ledger,
           COALESCE(e.processed_at, e.received_at) AS applied_at,
           mention.account
    FROM webhook_events e
    CROSS JOIN LATERAL (
        SELECT e.payload #>> '{data,account,id}'
        WHERE jsonb_typeof(e.payload #> '{data,account,id}') = 'string'
        UNION ALL
        SELECT e.payload #>> '{data,transaction,accountId}'
        WHERE jsonb_typeof(e.payload #> '{data,transaction,accountId}') = 'string'
        UNION ALL
        SELECT item ->> 'accountId'
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload #> '{data,transactions}') = 'array'
                                       THEN e.payload #> '{data,transactions}' ELSE '[]'::jsonb END) AS item
        WHERE jsonb_typeof(item -> 'accountId') = 'string'
    ) AS mention (account)
    WHERE e.status = 'PROCESSED'
      AND lower(replace(e.source, '_', '-')) ~ '^[a-z0-9-]{1,64}$'
),
first_named AS (
    SELECT DISTINCT ON (account) account, ledger
    FROM named
    ORDER BY account, applied_at, ledger COLLATE "C"
)
UPDATE accounts a
SET ledger = f.ledger
FROM first_named f
WHERE f.account = a.external_id;

UPDATE transactions t
SET ledger = a.ledger
FROM accounts a
WHERE a.id = t.account_id AND a.ledger <> 'legacy';

ALTER TABLE accounts ALTER COLUMN ledger DROP DEFAULT;
ALTER TABLE transactions ALTER COLUMN ledger DROP DEFAULT;

ALTER TABLE accounts
    ADD CONSTRAINT accounts_ledger_check CHECK (ledger ~ '^[a-z0-9-]{1,64}$');

-- The unique keys put the external id first: the same uniqueness as (ledger, external_id), and a read by
-- external id alone (the admin API without a ledger) can use the index too.
ALTER TABLE accounts DROP CONSTRAINT accounts_external_id_key;
ALTER TABLE accounts ADD CONSTRAINT accounts_external_id_ledger_key UNIQUE (external_id, ledger);
ALTER TABLE transactions DROP CONSTRAINT transactions_external_id_key;
ALTER TABLE transactions ADD CONSTRAINT transactions_external_id_ledger_key UNIQUE (external_id, ledger);

-- A transaction is in its account's ledger, which the database holds true: the foreign key names both.
ALTER TABLE accounts ADD CONSTRAINT accounts_id_ledger_key UNIQUE (id, ledger);
ALTER TABLE transactions DROP CONSTRAINT transactions_account_id_fkey;
ALTER TABLE transactions ADD CONSTRAINT transactions_account_ledger_fkey
    FOREIGN KEY (account_id, ledger) REFERENCES accounts (id, ledger) ON UPDATE CASCADE;
