package io.bulwark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * PostgreSQL's own limit for Bulwark's work: pgbench running, per delivery and in one transaction, the SQL
 * the server runs for the same mix (6 in 10 transaction.created, 2 account.updated, 1 batch of 5, 1 repeat).
 * Latencies come from pgbench's per-transaction log.
 */
final class PgBench {

    private static final String EVENT = "WITH delivered (id, source, ledger, delivery_id, body_sha256, event_type, occurred_at, payload, status, "
            + "last_error, processed_at, next_attempt_at) AS (VALUES (gen_random_uuid(), 'pgbench', 'pgbench', DELIVERY, CAST(NULL AS bytea), "
            + "'%s', now(), CAST('{\"id\":\"x\",\"type\":\"%s\",\"data\":{}}' AS jsonb), 'PROCESSED', CAST(NULL AS text), now(), "
            + "CAST(NULL AS timestamptz))), keys AS (INSERT INTO webhook_event_keys (source, delivery_id, body_sha256, event_id, received_at) "
            + "SELECT source, delivery_id, body_sha256, id, now() FROM delivered ON CONFLICT DO NOTHING RETURNING event_id) "
            + "INSERT INTO webhook_events (id, source, ledger, delivery_id, body_sha256, event_type, occurred_at, payload, status, attempts, "
            + "last_error, received_at, processed_at, next_attempt_at) SELECT d.id, d.source, d.ledger, d.delivery_id, d.body_sha256, "
            + "d.event_type, d.occurred_at, d.payload, d.status, 1, d.last_error, now(), d.processed_at, d.next_attempt_at "
            + "FROM delivered d JOIN keys k ON k.event_id = d.id RETURNING id;\n";

    private static final String TRANSACTIONS = """
            INSERT INTO accounts (id, ledger, external_id, status) VALUES (gen_random_uuid(), 'pgbench', ACCOUNT, 'unknown')
              ON CONFLICT (external_id, ledger) DO NOTHING;
            SELECT id AS account_id, currency FROM accounts WHERE ledger = 'pgbench' AND external_id = ACCOUNT FOR NO KEY UPDATE \\gset
            SELECT t.external_id, a.external_id FROM transactions t JOIN accounts a ON a.id = t.account_id
              WHERE t.ledger = 'pgbench' AND t.external_id = ANY (ARRAY[TX]);
            INSERT INTO transactions (id, ledger, external_id, account_id, amount, currency, status, booked_at, description, state_as_of)
              SELECT gen_random_uuid(), 'pgbench', TX || '_' || CAST(g AS text), CAST(:account_id AS uuid), g + 0.25, 'EUR', 'booked', NULL, 'Coffee', now() FROM generate_series(1, %d) g
              ON CONFLICT (external_id, ledger) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, status = EXCLUDED.status,
                booked_at = COALESCE(EXCLUDED.booked_at, transactions.booked_at), description = COALESCE(EXCLUDED.description, transactions.description),
                state_as_of = EXCLUDED.state_as_of, updated_at = now(), version = transactions.version + 1
              WHERE transactions.account_id = EXCLUDED.account_id AND (transactions.state_as_of IS NULL OR transactions.state_as_of <= EXCLUDED.state_as_of)
              RETURNING ledger, external_id;
            """;

    private static final String ACCOUNT = """
            INSERT INTO accounts (id, ledger, external_id, status, name, currency, balance, state_as_of)
              VALUES (gen_random_uuid(), 'pgbench', ACCOUNT, COALESCE(CAST('active' AS varchar), 'unknown'), 'Main', NULL, 12.00, now())
              ON CONFLICT (external_id, ledger) DO UPDATE SET status = COALESCE(CAST('active' AS varchar), accounts.status),
                name = COALESCE(EXCLUDED.name, accounts.name), currency = COALESCE(EXCLUDED.currency, accounts.currency),
                balance = COALESCE(EXCLUDED.balance, accounts.balance), state_as_of = EXCLUDED.state_as_of, updated_at = now(),
                version = accounts.version + 1
              WHERE accounts.state_as_of IS NULL OR accounts.state_as_of <= EXCLUDED.state_as_of
              RETURNING id, currency;
            """;

    private static final String VARIABLES = """
            \\set n random(1, 900000000000)
            \\set a random(0, 15)
            """;
    private static final String DELIVERY = "'pgb_' || CAST(:client_id AS text) || '_' || CAST(:n AS text)";
    private static final String ACCOUNT_ID = "'acc_pgb_' || CAST(:a AS text)";
    private static final String TX = "'tx_pgb_' || CAST(:client_id AS text) || '_' || CAST(:n AS text)";

    private final Path binary;
    private final Path directory;

    PgBench(Path binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    static Path find() {
        return Stream.of("/usr/lib/postgresql/17/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench", "/usr/lib/postgresql/15/bin/pgbench",
                        "/usr/bin/pgbench")
                .map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("pgbench is not installed (Debian: apt-get install postgresql-15)"));
    }

    /** Runs the mix for {@code seconds} with {@code clients}; {@code reconnect} opens a connection per transaction. */
    RunResult run(String configuration, int port, int clients, int seconds, boolean reconnect) {
        try {
            Files.createDirectories(directory);
            Path scripts = writeScripts();
            String label = configuration.replaceAll("[^a-z0-9]+", "-") + "-c" + clients;
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : old.filter(f -> f.getFileName().toString().startsWith(label + ".")).toList()) {
                    Files.delete(file);
                }
            }
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-n", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", "bulwark", "-M", "extended", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                    "-T", Integer.toString(seconds), "-l", "--log-prefix=" + directory.resolve(label),
                    "-f", scripts.resolve("transaction.sql") + "@6", "-f", scripts.resolve("account.sql") + "@2",
                    "-f", scripts.resolve("batch.sql") + "@1", "-f", scripts.resolve("repeat.sql") + "@1"));
            if (reconnect) {
                command.add("-C");
            }
            command.add("bulwark");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve(label + ".out").toFile()).start();
            if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS) || process.exitValue() > 2) {
                throw new IllegalStateException("pgbench failed; see " + directory.resolve(label + ".out"));
            }
            return parse(configuration, clients, label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RunResult parse(String configuration, int clients, String label) throws IOException {
        Histogram latency = new Histogram(60_000_000L, 3);
        long first = Long.MAX_VALUE;
        long last = 0;
        long failed = 0;
        try (Stream<Path> logs = Files.list(directory)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(label + ".") && !f.toString().endsWith(".out")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 6) {
                        continue;
                    }
                    if (!fields[2].matches("\\d+")) {
                        failed++;
                        continue;
                    }
                    long micros = Long.parseLong(fields[2]);
                    long endMicros = Long.parseLong(fields[4]) * 1_000_000 + Long.parseLong(fields[5]);
                    latency.recordValue(Math.min(micros, 60_000_000L));
                    first = Math.min(first, endMicros - micros);
                    last = Math.max(last, endMicros);
                }
            }
        }
        Map<String, Long> errors = new TreeMap<>();
        if (failed > 0) {
            errors.put("pgbench failed transactions", failed);
        }
        double seconds = Math.max(0.001, (last - first) / 1e6);
        return new RunResult(configuration, clients, latency.getTotalCount() + failed, latency.getTotalCount(), errors, -1, seconds, latency, -1, GroupStats.NONE, -1, -1);
    }

    private Path writeScripts() throws IOException {
        Path scripts = directory.resolve("scripts");
        Files.createDirectories(scripts);
        write(scripts.resolve("transaction.sql"), VARIABLES + "BEGIN;\n" + EVENT.formatted("transaction.created", "transaction.created")
                + TRANSACTIONS.formatted(1) + "END;\n", DELIVERY);
        write(scripts.resolve("batch.sql"), VARIABLES + "BEGIN;\n" + EVENT.formatted("transactions.batch", "transactions.batch")
                + TRANSACTIONS.formatted(5) + "END;\n", DELIVERY);
        write(scripts.resolve("account.sql"), VARIABLES + "BEGIN;\n" + EVENT.formatted("account.updated", "account.updated")
                + ACCOUNT + "END;\n", DELIVERY);
        write(scripts.resolve("repeat.sql"), VARIABLES + "BEGIN;\n" + EVENT.formatted("account.updated", "account.updated")
                + "SELECT id, status FROM webhook_events WHERE source = 'pgbench' AND delivery_id = DELIVERY;\nEND;\n",
                "'pgb_repeat_' || CAST(:client_id AS text)");
        return scripts;
    }

    private static void write(Path script, String template, String delivery) throws IOException {
        Files.writeString(script, template.replace("DELIVERY", delivery).replace("ACCOUNT", ACCOUNT_ID).replace("TX", TX));
    }
}
