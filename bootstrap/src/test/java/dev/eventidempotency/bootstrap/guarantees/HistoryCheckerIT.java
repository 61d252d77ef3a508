package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checker the failure cases rely on fails, and says why, for every way effects can go wrong. */
class HistoryCheckerIT extends EndToEndTest {

    private static final String SERVICE = "checked-service";
    private static Workload workload;

    @BeforeAll
    static void publishedHistory() {
        workload = Workload.of(40, 25, 2, 53);
        workload.publishAll(TestKafka.bootstrapServers(), TestKafka.freshTopic("checked", 2));
    }

    /** Writes the effects an exactly-once consumer leaves: one users row and one ledger row per event, counted once. */
    @BeforeEach
    void exactlyOnceEffects() {
        Map<String, Workload.Planned> firstOfEachEvent = workload.plan().stream()
                .collect(Collectors.toMap(Workload.Planned::eventId, planned -> planned, (first, later) -> first,
                        LinkedHashMap::new));
        firstOfEachEvent.values().forEach(event -> db.execute("""
                INSERT INTO users VALUES ('%s', '%s', 'someone', now());
                INSERT INTO processed_events (event_id, service_name, topic) VALUES ('%s', '%s', 'checked')"""
                .formatted(event.userId(), event.email(), event.eventId(), SERVICE)));
        db.execute("INSERT INTO counters VALUES ('users_registered', " + firstOfEachEvent.size() + ")");
    }

    @Test
    void exactlyOnceEffectsPass() {
        assertThatCode(() -> HistoryChecker.assertExactlyOnce("untouched", workload, db, SERVICE, skippedEveryCopy()))
                .doesNotThrowAnyException();
    }

    /** Each breakage shows as exactly the figure that names it. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "DELETE FROM users WHERE user_id = (SELECT user_id FROM users LIMIT 1)                  | lost=1",
            "DELETE FROM processed_events WHERE id = (SELECT min(id) FROM processed_events)         | lost=1",
            "UPDATE counters SET value = value + 1                                                  | doubled=1",
            "INSERT INTO users VALUES (gen_random_uuid(), 'nobody@example.org', 'nobody', now())    | phantom=1",
            "UPDATE users SET email = 'else@example.org' WHERE user_id = (SELECT user_id FROM users LIMIT 1) | wrongPayload=1"})
    void aBrokenEffectFailsTheCheckWithItsFigure(String breakage, String figure) {
        db.execute(breakage);

        String[] otherFiguresZero = Stream.of("lost", "doubled", "phantom", "wrongPayload")
                .filter(name -> !figure.startsWith(name + "="))
                .map(name -> " " + name + "=0")
                .toArray(String[]::new);
        assertThatThrownBy(() -> HistoryChecker.assertExactlyOnce("broken", workload, db, SERVICE, skippedEveryCopy()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(figure)
                .hasMessageContainingAll(otherFiguresZero);
    }

    @Test
    void skipsMissingFromTheCountFailTheCheck() {
        assertThatThrownBy(() -> HistoryChecker.assertExactlyOnce("uncounted", workload, db, SERVICE, new Disruptions()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("duplicatesSkipped=0");
    }

    private static Disruptions skippedEveryCopy() {
        Disruptions disruptions = new Disruptions();
        disruptions.skipped(workload.size() - workload.distinctAmongFirst(workload.size()));
        return disruptions;
    }
}
