package dev.eventidempotency.application.ledger.port.out;

import dev.eventidempotency.domain.idempotency.TopicName;

/** Port: how long the broker keeps a topic's records and an idle group's offsets. */
public interface TopicRetention {

    LogRetention of(TopicName topic);
}
