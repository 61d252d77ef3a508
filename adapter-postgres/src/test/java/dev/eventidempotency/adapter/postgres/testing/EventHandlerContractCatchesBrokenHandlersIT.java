package dev.eventidempotency.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The handler contract is only worth extending if it fails for a broken handler. Each fixture below
 * extends it with one deliberate defect; this test runs the fixture's contract with the JUnit
 * launcher and asserts exactly which checks failed, each with an {@link AssertionError}.
 */
class EventHandlerContractCatchesBrokenHandlersIT {

    private static final String ROLLBACK = "aFailureAfterTheHandlerRanLeavesNoEffectsAndNoClaimAndTheRetryTakesEffectOnce";
    private static final String TAKEOVER = "whenTheFirstOfTwoConcurrentDeliveriesFailsTheSecondTakesEffectOnce";
    private static final int CHECKS = 13;

    @Test
    void aHandlerThatWritesThroughItsTransactionPassesEveryCheck() {
        Map<String, TestExecutionResult> results = contractResults(ThroughTheTransaction.class);

        assertThat(results).hasSize(CHECKS);
        assertThat(failures(results)).isEmpty();
    }

    @Test
    void aHandlerThatWritesThroughItsOwnConnectionFailsTheRollbackChecks() {
        Map<String, TestExecutionResult> results = contractResults(ThroughItsOwnConnection.class);

        assertThat(failures(results)).containsOnlyKeys(
                ROLLBACK + " PER_EVENT", ROLLBACK + " BATCH", TAKEOVER + " PER_EVENT", TAKEOVER + " BATCH");
        assertThat(failures(results).values()).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(AssertionError.class).hasMessageContaining("effects after"));
    }

    @Test
    void aBatchHandlerThatDropsEventsFailsTheBatchCheck() {
        Map<String, TestExecutionResult> results = contractResults(BatchOfTheFirstEventOnly.class);

        assertThat(failures(results)).containsOnlyKeys("aBatchHasTheEffectsOfItsEventsHandledOneByOne");
        assertThat(failures(results).values()).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(AssertionError.class).hasMessageContaining("handled one by one"));
    }

    @Test
    void effectsThatDoNotSeeTheHandlersWritesFailEveryCheck() {
        Map<String, TestExecutionResult> results = contractResults(BlindToTheEffects.class);

        assertThat(failures(results)).hasSize(CHECKS);
        assertThat(failures(results).values()).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(AssertionError.class).hasMessageContaining("effectsOf(event) must see what the handler wrote"));
    }

    @Test
    void aHandlerThatSwallowsASqlErrorFailsEveryCheckNamingTheSwallowedError() {
        Map<String, TestExecutionResult> results = contractResults(SwallowingASqlError.class);

        assertThat(failures(results)).hasSize(CHECKS);
        assertThat(failures(results).values()).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the handler must let SQL errors propagate, never catch them and carry on")
                .hasMessageContaining("a SQL error was swallowed: SQLSTATE 23505"));
    }

    /** Each check of the contract, by method name and mode, with how it ended. */
    private static Map<String, TestExecutionResult> contractResults(Class<?> fixture) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .filter(method -> test.isTest())
                        .ifPresent(method -> results.put(checkName(method, test), result));
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
                recorder);
        return results;
    }

    private static String checkName(MethodSource method, TestIdentifier test) {
        return method.getMethodParameterTypes().isEmpty()
                ? method.getMethodName()
                : method.getMethodName() + " " + test.getDisplayName();
    }

    private static Map<String, Throwable> failures(Map<String, TestExecutionResult> results) {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        results.forEach((check, result) -> {
            Optional<Throwable> thrown = result.getThrowable();
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.put(check, thrown.orElseGet(() -> new IllegalStateException(result.toString())));
            }
        });
        return failures;
    }

    /** The fixtures' table: one row per effect, without a key, so an effect written twice shows. */
    public interface EffectMapper {

        @Insert("INSERT INTO contract_fixture_effects (event_id) SELECT unnest(#{eventIds}::text[])")
        void insert(@Param("eventIds") String[] eventIds);

        @Insert("INSERT INTO contract_fixture_marks (event_id) VALUES (#{eventId})")
        void mark(@Param("eventId") String eventId);
    }

    /** The parts every fixture shares: events whose payload is their id, and the rows they left. */
    abstract static class FixtureContract extends EventHandlerContract<String> {

        @BeforeAll
        void createEffectsTable() {
            database().execute("CREATE TABLE contract_fixture_effects (event_id text NOT NULL)");
            database().execute("CREATE TABLE contract_fixture_marks (event_id text PRIMARY KEY)");
        }

        @Override
        protected List<Class<?>> mappers() {
            return List.of(EffectMapper.class);
        }

        @Override
        protected IncomingEvent<String> newEvent(String eventId) {
            return new IncomingEvent<>(new EventId(eventId), new TopicName("contract-fixtures"), Instant.now(), eventId,
                    PayloadFingerprint.of(eventId));
        }

        @Override
        protected Map<String, Long> effectsOf(IncomingEvent<String> event) {
            return Map.of("rows of the event",
                    database().count("SELECT count(*) FROM contract_fixture_effects WHERE event_id = ?", event.payload()));
        }

        static void insert(Transaction transaction, List<IncomingEvent<String>> events) {
            MyBatisTransaction.mapper(transaction, EffectMapper.class)
                    .insert(events.stream().map(IncomingEvent::payload).toArray(String[]::new));
        }
    }

    /** The right way: every effect through the transaction the unit of work hands over. */
    static class ThroughTheTransaction extends FixtureContract {

        @Override
        protected EventHandler<String> handler() {
            return (transaction, event) -> insert(transaction, List.of(event));
        }
    }

    /** Defect: writes and commits on a connection of its own, outside the unit of work. */
    static class ThroughItsOwnConnection extends FixtureContract {

        @Override
        protected EventHandler<String> handler() {
            DataSource ownConnections = database().database().dataSource();
            return (transaction, event) -> {
                try (Connection connection = ownConnections.getConnection();
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO contract_fixture_effects (event_id) VALUES (?)")) {
                    insert.setString(1, event.payload());
                    insert.executeUpdate();
                    connection.commit();
                } catch (SQLException failure) {
                    throw new IllegalStateException(failure);
                }
            };
        }
    }

    /** Defect: a set-wise {@code handleAll} that writes the first event of the batch only. */
    static class BatchOfTheFirstEventOnly extends FixtureContract {

        @Override
        protected EventHandler<String> handler() {
            return new EventHandler<>() {
                @Override
                public void handle(Transaction transaction, IncomingEvent<String> event) {
                    insert(transaction, List.of(event));
                }

                @Override
                public void handleAll(Transaction transaction, List<IncomingEvent<String>> events) {
                    insert(transaction, events.subList(0, 1));
                }
            };
        }
    }

    /**
     * Defect: "marked already, fine" — it catches the duplicate key of its second write, as the original
     * design note's {@code markAsProcessed} did. PostgreSQL has aborted the transaction by then.
     */
    static class SwallowingASqlError extends FixtureContract {

        @Override
        protected EventHandler<String> handler() {
            return (transaction, event) -> {
                insert(transaction, List.of(event));
                EffectMapper marks = MyBatisTransaction.mapper(transaction, EffectMapper.class);
                marks.mark(event.payload());
                try {
                    marks.mark(event.payload());
                } catch (PersistenceException markedAlready) {
                    // the defect under test
                }
            };
        }
    }

    /** Defect in the test, not the handler: effects that look at the wrong rows prove nothing. */
    static class BlindToTheEffects extends ThroughTheTransaction {

        @Override
        protected Map<String, Long> effectsOf(IncomingEvent<String> event) {
            return Map.of("rows of another event",
                    database().count("SELECT count(*) FROM contract_fixture_effects WHERE event_id = 'never'"));
        }
    }
}
