package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what was published with what PostgreSQL holds: every distinct event has exactly one
 * effect (one {@code users} row with its payload, counted once, one ledger row for the service),
 * nothing published is missing, and nothing exists that was never published. Logs the figures at
 * INFO so that every build log shows them, then fails with the same figures if any is off.
 */
public final class HistoryChecker {

    /** The figures of one case. {@code lost} and {@code doubled} must be 0, and so must every other kind of error. */
    public record Figures(String caseName, int produced, int distinct, long effects, long counted, long ledgerRows,
            long duplicatesSkipped, Disruptions disruptions, long lost, long doubled, long phantom, long wrongPayload) {

        public String report() {
            return "Exactly-once figures [%s]: produced=%d distinct=%d effects=%d counted=%d ledger=%d "
                    .formatted(caseName, produced, distinct, effects, counted, ledgerRows)
                    + "duplicatesSkipped=%d kills=%d rebalances=%d rewinds=%d outages=%d "
                    .formatted(duplicatesSkipped, disruptions.kills(), disruptions.rebalances(), disruptions.rewinds(),
                            disruptions.outages())
                    + "lost=%d doubled=%d phantom=%d wrongPayload=%d".formatted(lost, doubled, phantom, wrongPayload);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HistoryChecker.class);

    private HistoryChecker() {
    }

    public static Figures assertExactlyOnce(String caseName, Workload workload, TestDatabase db, String service,
            Disruptions disruptions) {
        Figures figures = check(caseName, workload.published(), db, service, disruptions);
        LOG.info(figures.report());
        assertThat(Map.of("lost", figures.lost(), "doubled", figures.doubled(), "phantom", figures.phantom(),
                "wrongPayload", figures.wrongPayload()))
                .as(figures.report())
                .isEqualTo(Map.of("lost", 0L, "doubled", 0L, "phantom", 0L, "wrongPayload", 0L));
        assertThat(List.of(figures.effects(), figures.counted(), figures.ledgerRows()))
                .as(figures.report())
                .containsOnly((long) figures.distinct());
        // Every record beyond an event's first was delivered and turned away by a claim; a smaller figure means
        // the case lost count of some instance's skips, and its figures cannot be trusted.
        assertThat(figures.duplicatesSkipped()).as(figures.report())
                .isGreaterThanOrEqualTo(figures.produced() - figures.distinct());
        return figures;
    }

    private static Figures check(String caseName, List<Workload.Produced> produced, TestDatabase db, String service,
            Disruptions disruptions) {
        Map<String, String> emailByUser = new HashMap<>();
        Map<String, String> userByEvent = new LinkedHashMap<>();
        produced.forEach(record -> {
            emailByUser.put(record.planned().userId(), record.planned().email());
            userByEvent.put(record.planned().eventId(), record.planned().userId());
        });
        Map<String, String> users = db.query("SELECT user_id || ' ' || email FROM users").stream()
                .map(row -> row.split(" ", 2))
                .collect(Collectors.toMap(row -> row[0], row -> row[1]));
        long counted = db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'");
        List<String> ledger = db.query("SELECT event_id FROM processed_events WHERE service_name = ?", service);
        Set<String> ledgerIds = new HashSet<>(ledger);

        long missing = userByEvent.entrySet().stream()
                .filter(event -> !ledgerIds.contains(event.getKey()) || !users.containsKey(event.getValue()))
                .count();
        long uncounted = Math.max(0, userByEvent.size() - counted);
        // A users row cannot exist twice (primary key): a doubled effect shows in the counter, or as a second ledger row.
        long doubled = Math.max(0, counted - userByEvent.size()) + (ledger.size() - ledgerIds.size());
        long phantom = users.keySet().stream().filter(user -> !emailByUser.containsKey(user)).count()
                + ledgerIds.stream().filter(id -> !userByEvent.containsKey(id)).count();
        long wrongPayload = users.entrySet().stream()
                .filter(user -> emailByUser.containsKey(user.getKey()) && !emailByUser.get(user.getKey()).equals(user.getValue()))
                .count();
        return new Figures(caseName, produced.size(), userByEvent.size(), users.size(), counted, ledger.size(),
                disruptions.duplicatesSkipped(), disruptions, missing + uncounted, doubled, phantom, wrongPayload);
    }
}
