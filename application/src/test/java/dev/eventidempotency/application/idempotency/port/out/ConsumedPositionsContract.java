package dev.eventidempotency.application.idempotency.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsumedPositions} promises. A test of an implementation extends this class and
 * gives it with its unit of work; each test starts with no positions stored.
 */
public abstract class ConsumedPositionsContract {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    protected abstract UnitOfWork unitOfWork();

    protected abstract ConsumedPositions positions();

    @Test
    void aServiceThatStoredNothingHasNoPositions() {
        assertThat(load(SERVICE, TOPIC)).isEmpty();
    }

    @Test
    void eachPartitionKeepsTheLastPositionSavedLowerOrHigher() {
        save(SERVICE, new ConsumedPosition(TOPIC, 0, 10), new ConsumedPosition(TOPIC, 1, 20));
        save(SERVICE, new ConsumedPosition(TOPIC, 0, 15));
        save(SERVICE, new ConsumedPosition(TOPIC, 1, 5));

        assertThat(load(SERVICE, TOPIC)).isEqualTo(Map.of(0, 15L, 1, 5L));
    }

    @Test
    void positionsAreKeptPerServiceAndTopic() {
        TopicName other = new TopicName("audit-events");
        save(SERVICE, new ConsumedPosition(TOPIC, 0, 10), new ConsumedPosition(other, 0, 7));
        save(new ServiceName("audit-service"), new ConsumedPosition(TOPIC, 0, 99));

        assertThat(load(SERVICE, TOPIC)).isEqualTo(Map.of(0, 10L));
        assertThat(load(SERVICE, other)).isEqualTo(Map.of(0, 7L));
        assertThat(load(new ServiceName("audit-service"), TOPIC)).isEqualTo(Map.of(0, 99L));
    }

    @Test
    void positionsSavedInAFailedUnitOfWorkAreNotKept() {
        save(SERVICE, new ConsumedPosition(TOPIC, 0, 10));

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            positions().save(transaction, SERVICE, List.of(new ConsumedPosition(TOPIC, 0, 20)));
            throw new IllegalStateException("the batch failed after its positions were saved");
        })).hasMessageContaining("batch failed");

        assertThat(load(SERVICE, TOPIC)).isEqualTo(Map.of(0, 10L));
    }

    private void save(ServiceName service, ConsumedPosition... saved) {
        unitOfWork().inTransaction(transaction -> {
            positions().save(transaction, service, List.of(saved));
            return null;
        });
    }

    private Map<Integer, Long> load(ServiceName service, TopicName topic) {
        return unitOfWork().inTransaction(transaction -> positions().load(transaction, service, topic));
    }
}
