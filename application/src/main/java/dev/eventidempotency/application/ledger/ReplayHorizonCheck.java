package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.ledger.port.out.LogRetention;
import dev.eventidempotency.application.ledger.port.out.TopicRetention;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Objects;

/**
 * Can a replay reach a record whose ledger row retention has already deleted? Then the event would be
 * processed a second time. A replay happens when an operator rewinds the group, and by itself when
 * the group's committed offsets expired ({@code offsets.retention.minutes} after its last member left)
 * and the consumer starts over from the earliest record. Either way it reaches back as far as the
 * topic still holds records: the ledger must keep its rows at least that long.
 */
public final class ReplayHorizonCheck {

    private final TopicRetention topics;

    public ReplayHorizonCheck(TopicRetention topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    public Verdict check(Duration ledgerRetention, TopicName topic) {
        return new Verdict(ledgerRetention, topic, topics.of(topic));
    }

    /** The comparison and the figures behind it. */
    public record Verdict(Duration ledgerRetention, TopicName topic, LogRetention log) {

        /** Safe when the ledger keeps each row at least as long as the topic can keep the record. */
        public boolean safe() {
            return log.replayHorizon().map(horizon -> ledgerRetention.compareTo(horizon) >= 0).orElse(false);
        }

        public String explanation() {
            String horizon = log.replayHorizon()
                    .map(reach -> "up to " + readable(reach) + " (retention.ms " + readable(log.records().orElseThrow())
                            + " + segment.ms " + readable(log.segmentRoll()) + ")")
                    .orElse("forever (retention.ms = -1 or a compacted topic)");
            return "ledger retention " + readable(ledgerRetention) + "; topic '" + topic + "' keeps records " + horizon
                    + "; the broker keeps an idle group's offsets " + readable(log.groupOffsets())
                    + " (offsets.retention.minutes), after which the service starts over from the earliest record. "
                    + (safe() ? "A replay cannot reach an event whose ledger row is gone."
                            : "A replay can reach events whose ledger rows retention has deleted: they would be processed "
                            + "again. Set LEDGER_RETENTION to at least the topic's reach.");
        }

        /** In the form the settings are written in: 30d, 12h, 90m, else ISO-8601. */
        private static String readable(Duration duration) {
            if (duration.toSeconds() % 86_400 == 0) {
                return duration.toDays() + "d";
            }
            if (duration.toSeconds() % 3_600 == 0) {
                return duration.toHours() + "h";
            }
            return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toString();
        }
    }
}
