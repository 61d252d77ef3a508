package dev.eventidempotency.bootstrap.ledger;

import dev.eventidempotency.adapter.kafka.KafkaTopicRetention;
import dev.eventidempotency.application.ledger.ReplayHorizonCheck;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.config.RetentionSettings;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up comparison of the ledger's retention with the broker's (see {@link ReplayHorizonCheck}). */
public final class RetentionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionGuard.class);

    private RetentionGuard() {
    }

    /** Logs the comparison; warns when unsafe, or refuses to start in strict mode. */
    public static void check(RetentionSettings retention, ServiceSettings service) {
        ReplayHorizonCheck.Verdict verdict;
        try (KafkaTopicRetention topics = new KafkaTopicRetention(service.kafkaConnection())) {
            verdict = new ReplayHorizonCheck(topics).check(retention.retention(), service.topic());
        }
        if (verdict.safe()) {
            LOG.info("Retention: {}", verdict.explanation());
        } else if (retention.strict()) {
            throw new InvalidSettingException("LEDGER_RETENTION (or --ledger-retention) is too short: "
                    + verdict.explanation() + " LEDGER_RETENTION_CHECK=strict refuses to start; "
                    + "see docs/operations.md, Retention.");
        } else {
            LOG.warn("Retention: {}", verdict.explanation());
        }
    }
}
