package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {

    @Test
    void theServerBoundsBecomeStartUpOptionsInMilliseconds() {
        DatabaseTimeouts timeouts = new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMillis(1500),
                Duration.ofMillis(250), Duration.ofMinutes(2), Duration.ofSeconds(1));

        assertThat(timeouts.serverOptions()).isEqualTo(
                "-c statement_timeout=1500 -c lock_timeout=250 -c idle_in_transaction_session_timeout=120000");
    }

    @Test
    void theDriverBoundsAreStringsInWholeSecondsWithKeepaliveOn() {
        assertThat(DatabaseTimeouts.DEFAULTS.driverProperties())
                .isEqualTo(Map.of("connectTimeout", "5", "socketTimeout", "30", "tcpKeepAlive", "true"));
    }

    @Test
    void aStatementTimeoutAtOrAboveTheSocketTimeoutIsRefused() {
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1)))
                .hasMessageContaining("the statement timeout (PT10S) must be shorter than the socket timeout (PT10S)");
    }

    @Test
    void theDriverCountsWholeSecondsAndThePoolAtLeastAQuarterSecond() {
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1)))
                .hasMessageContaining("the connect timeout must be a whole number of seconds");
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(100)))
                .hasMessageContaining("the pool timeout must be at least 250 ms");
    }
}
