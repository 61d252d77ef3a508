package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    private static TestDatabase db;

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void theLedgerKeepsTheNotesColumnsWithATimeZoneAwareTimestamp() {
        assertThat(db.query("""
                SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'processed_events' ORDER BY ordinal_position"""))
                .containsExactly(
                        "id bigint NO",
                        "event_id character varying NO",
                        "service_name character varying NO",
                        "topic character varying NO",
                        "processed_at timestamp with time zone NO",
                        "payload_fingerprint character YES");
    }

    @Test
    void theOnlyIndexesAreTheKeysAndTheRetentionIndexes() {
        assertThat(db.query("""
                SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'processed_events'
                ORDER BY indexname"""))
                .extracting(definition -> definition.replaceAll(".* USING ", ""))
                .containsExactly("btree (processed_at)", "btree (service_name, processed_at)", "btree (id)",
                        "btree (event_id, service_name)");
    }

    @Test
    void theDatabaseRefusesAnEmptyEventIdAndASecondRowForTheSameEventAndService() {
        assertThatThrownBy(() -> db.execute(
                "INSERT INTO processed_events (event_id, service_name, topic) VALUES ('', 's', 't')"))
                .hasMessageContaining("event_id_not_empty");

        db.execute("INSERT INTO processed_events (event_id, service_name, topic) VALUES ('e', 's', 't')");
        assertThatThrownBy(() -> db.execute(
                "INSERT INTO processed_events (event_id, service_name, topic) VALUES ('e', 's', 'other')"))
                .hasMessageContaining("unique_event_per_service");
    }
}
