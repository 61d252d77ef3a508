package dev.eventidempotency.tooling.demo;

import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.bootstrap.WelcomeStatsService;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the demo prints: what was sent and delivered, against what the database holds, along the
 * chain: the sample service's effects, its e-mails, its events, and the downstream service's effects.
 */
public record DemoReport(
        String topic, String service, int published, int distinct, ListenerSnapshot listener,
        long userRows, long registrations, long ledgerRows, List<String> processedMoreThanOnce, Duration consumeTime,
        long emailsSent, long emailsWaiting, long emailsHandedToServer, Downstream downstream) {

    /** The sample's {@code UserRegistered} events, and what the downstream service made of them. */
    public record Downstream(String topic, String service, long eventsSent, long eventsWaiting, long eventsHandedToBroker,
            ListenerSnapshot listener, long registrationsHeard, long ledgerRows) {

        /** One event published per distinct registration, and one effect downstream per event. */
        boolean exactlyOnce(int distinct) {
            return eventsSent == distinct && eventsWaiting == 0 && eventsHandedToBroker == distinct
                    && registrationsHeard == distinct && ledgerRows == distinct && listener.processed() == distinct
                    && listener.processed() + listener.duplicatesSkipped() + listener.deadLettered() == listener.delivered();
        }
    }

    /** The listener's counters at the end of the run. */
    public record ListenerSnapshot(long delivered, long processed, long duplicatesSkipped, long deadLettered) {

        static ListenerSnapshot of(ListenerStatistics statistics) {
            return new ListenerSnapshot(statistics.delivered(), statistics.processed(), statistics.duplicatesSkipped(),
                    statistics.deadLettered());
        }
    }

    /** The note's monitoring query: events a service processed more than once. It must return nothing. */
    static final String DUPLICATE_MONITORING_QUERY = """
            SELECT event_id || ' x' || count(*) FROM processed_events
            GROUP BY event_id, service_name HAVING count(*) > 1""";

    private static final String EMAILS_WAITING_QUERY = "SELECT count(*) FROM outbox_emails WHERE status <> 'sent'";
    private static final String EVENTS_WAITING_QUERY = "SELECT count(*) FROM outbox_events WHERE status <> 'sent'";
    private static final String REGISTRATIONS_HEARD_QUERY =
            "SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'registrations_heard'";
    private static final String LEDGER_ROWS_QUERY = "SELECT count(*) FROM processed_events WHERE service_name = ?";

    /** E-mails the outbox has yet to deliver, or has given up on. */
    static long emailsWaiting(DataSource database) {
        return countIn(database, EMAILS_WAITING_QUERY);
    }

    /** Events the outbox has yet to publish, or has given up on. */
    static long eventsWaiting(DataSource database) {
        return countIn(database, EVENTS_WAITING_QUERY);
    }

    /** How many {@code UserRegistered} events the downstream service has counted. */
    static long registrationsHeard(DataSource database) {
        return countIn(database, REGISTRATIONS_HEARD_QUERY);
    }

    private static long countIn(DataSource database, String sql) {
        try (Connection connection = database.getConnection()) {
            long rows = count(connection, sql);
            connection.rollback();
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException("could not read the outbox: " + failure.getMessage(), failure);
        }
    }

    /** The run's counts, the downstream service's ({@link WelcomeStatsService}) on {@code downstreamTopic} included. */
    static DemoReport read(DataSource database, String topic, String service, DemoEventStream stream,
            ListenerStatistics statistics, Duration consumeTime, long emailsHandedToServer, String downstreamTopic,
            long eventsHandedToBroker, ListenerStatistics downstreamStatistics) {
        String downstreamService = WelcomeStatsService.SERVICE.value();
        try (Connection connection = database.getConnection()) {
            DemoReport report = new DemoReport(topic, service, stream.records().size(), stream.distinct(),
                    ListenerSnapshot.of(statistics),
                    count(connection, "SELECT count(*) FROM users"),
                    count(connection, "SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'"),
                    count(connection, LEDGER_ROWS_QUERY, service),
                    column(connection, DUPLICATE_MONITORING_QUERY),
                    consumeTime,
                    count(connection, "SELECT count(*) FROM outbox_emails WHERE status = 'sent'"),
                    count(connection, EMAILS_WAITING_QUERY),
                    emailsHandedToServer,
                    new Downstream(downstreamTopic, downstreamService,
                            count(connection, "SELECT count(*) FROM outbox_events WHERE status = 'sent'"),
                            count(connection, EVENTS_WAITING_QUERY), eventsHandedToBroker,
                            ListenerSnapshot.of(downstreamStatistics), count(connection, REGISTRATIONS_HEARD_QUERY),
                            count(connection, LEDGER_ROWS_QUERY, downstreamService)));
            connection.rollback();
            return report;
        } catch (SQLException failure) {
            throw new IllegalStateException("could not read the demo's tables: " + failure.getMessage(), failure);
        }
    }

    /**
     * Every distinct event had exactly one effect, its welcome e-mail and its downstream event included,
     * the downstream service one effect per event, and every record was accounted for.
     */
    public boolean exactlyOnce() {
        return userRows == distinct && registrations == distinct && ledgerRows == distinct
                && emailsSent == distinct && emailsWaiting == 0 && emailsHandedToServer == distinct
                && listener.processed() == distinct && processedMoreThanOnce.isEmpty()
                && listener.processed() + listener.duplicatesSkipped() + listener.deadLettered() == published
                && downstream.exactlyOnce(distinct);
    }

    public void printTo(PrintWriter out) {
        out.printf("%nevent-idempotency demo: %s consumed %s%n", service, topic);
        row(out, "records published", published);
        row(out, "distinct events", distinct);
        row(out, "records delivered", listener.delivered());
        row(out, "processed", listener.processed());
        row(out, "duplicates skipped", listener.duplicatesSkipped());
        row(out, "dead-lettered", listener.deadLettered());
        row(out, "rows in users", userRows);
        row(out, "users_registered counter", registrations);
        row(out, "ledger rows (processed_events)", ledgerRows);
        row(out, "welcome e-mails sent (outbox)", emailsSent);
        row(out, "e-mails handed to the mail server", emailsHandedToServer);
        row(out, "e-mails still waiting or parked", emailsWaiting);
        out.printf("  %-34s %d ms (%.0f records/s, first record to last commit)%n", "consumed in",
                consumeTime.toMillis(), published * 1000.0 / Math.max(1, consumeTime.toMillis()));
        row(out, "events published (event outbox)", downstream.eventsSent());
        row(out, "events handed to the broker", downstream.eventsHandedToBroker());
        row(out, "events still waiting or parked", downstream.eventsWaiting());
        out.printf("%s consumed %s:%n", downstream.service(), downstream.topic());
        row(out, "records delivered", downstream.listener().delivered());
        row(out, "registrations heard (counter)", downstream.registrationsHeard());
        row(out, "duplicates skipped", downstream.listener().duplicatesSkipped());
        row(out, "dead-lettered", downstream.listener().deadLettered());
        row(out, "ledger rows (processed_events)", downstream.ledgerRows());
        out.printf("  %-34s %s%n", "processed more than once (note's query)",
                processedMoreThanOnce.isEmpty() ? "none" : processedMoreThanOnce);
        out.println(exactlyOnce()
                ? "Exactly once: every distinct event has exactly one effect, one welcome e-mail and one downstream event, "
                        + "heard once; every duplicate was skipped."
                : "NOT exactly once: the counts above disagree.");
    }

    private static void row(PrintWriter out, String label, long value) {
        out.printf("  %-34s %8d%n", label, value);
    }

    private static long count(Connection connection, String sql, String... parameters) throws SQLException {
        return Long.parseLong(column(connection, sql, parameters).get(0));
    }

    private static List<String> column(Connection connection, String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
