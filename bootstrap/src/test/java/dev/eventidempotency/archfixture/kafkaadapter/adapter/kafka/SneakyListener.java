package dev.eventidempotency.archfixture.kafkaadapter.adapter.kafka;

import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;

/** Breaks the Kafka adapter rule: a listener that could claim events without the use case. */
public final class SneakyListener {

    public void useLedger(ProcessedEventLedger ledger) {
    }
}
