package dev.eventidempotency.adapter.postgres.testing;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own migrated schema, emptied before each test and dropped after the last: the set-up
 * every port contract IT shares. Register it as a static field with
 * {@code @RegisterExtension static final FreshDatabase db = new FreshDatabase();}.
 */
public final class FreshDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final List<Class<?>> businessMappers;
    private TestDatabase db;

    public FreshDatabase() {
        this(List.of());
    }

    /** With the business's MyBatis mappers registered, as the service registers them. */
    public FreshDatabase(List<Class<?>> businessMappers) {
        this.businessMappers = List.copyOf(businessMappers);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = TestPostgres.freshDatabase(businessMappers);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        db.emptyEveryTable();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        db.close();
    }

    public PostgresDatabase database() {
        return db.database();
    }

    public long count(String sql, Object... parameters) {
        return db.count(sql, parameters);
    }

    public List<String> query(String sql, Object... parameters) {
        return db.query(sql, parameters);
    }

    /** Runs SQL outside any unit of work and commits it: for arranging a test, never for effects under test. */
    public void execute(String sql) {
        db.execute(sql);
    }
}
