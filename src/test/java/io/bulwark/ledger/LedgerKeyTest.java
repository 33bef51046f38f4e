package io.bulwark.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LedgerKeyTest {

    @Test
    void keysSortByLedgerThenExternalId() {
        TreeSet<LedgerKey> keys = new TreeSet<>(List.of(new LedgerKey("open", "acc_1"), new LedgerKey("acme", "acc_2"),
                new LedgerKey("acme", "acc_10"), new LedgerKey("acme-2", "acc_0")));

        assertEquals(List.of(new LedgerKey("acme", "acc_10"), new LedgerKey("acme", "acc_2"), new LedgerKey("acme-2", "acc_0"),
                new LedgerKey("open", "acc_1")), List.copyOf(keys));
    }

    @Test
    void externalIdsSortAsPostgresqlSortsThemWithCollateC() {
        // UTF-8 bytes compare as code points: U+1F600 (a surrogate pair in Java) sorts after U+FF5E, which
        // String.compareTo would put after it.
        List<String> ids = List.of("acc_\uFF5E", "acc_\uD83D\uDE00", "Acc", "acc", "acc_", "acc_\u00E9", "acc-");

        List<String> byKey = ids.stream().map(id -> new LedgerKey("acme", id)).sorted().map(LedgerKey::externalId).toList();

        assertEquals(byUtf8Bytes(ids), byKey);
    }

    private static List<String> byUtf8Bytes(List<String> ids) {
        return ids.stream().sorted((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))).toList();
    }
}
