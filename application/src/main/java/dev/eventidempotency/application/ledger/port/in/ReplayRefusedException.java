package dev.eventidempotency.application.ledger.port.in;

import java.time.Instant;
import java.util.List;

/**
 * The replay would be unsafe, so nothing was moved: the group has live members (moving its offsets
 * would race with their commits), or a target lies beyond where the group would resume (the records
 * in between would never be processed).
 */
public final class ReplayRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayRefusedException(String message) {
        super(message);
    }

    public static ReplayRefusedException liveMembers(String group, List<String> members) {
        return new ReplayRefusedException("consumer group '" + group + "' has " + members.size() + " live member(s): "
                + String.join(", ", members) + ". Stop every instance of the service first; the broker refuses to move "
                + "the offsets of a group with live members anyway (--force skips only this check).");
    }

    /** Per partition that would move forward, a line that says where the group resumes and what would be skipped. */
    public static ReplayRefusedException forward(String group, String topic, List<String> partitions) {
        return new ReplayRefusedException("a replay only moves consumer group '" + group + "' backwards, and on topic '"
                + topic + "' this one would move it forward, past records it has not processed:\n  "
                + String.join("\n  ", partitions) + "\nNothing was changed. Choose an earlier --from-timestamp or a "
                + "smaller --from-offset (with --partition for one partition).");
    }

    public static ReplayRefusedException futureTime(Instant time, Instant now) {
        return new ReplayRefusedException("--from-timestamp " + time + " is in the future (it is " + now + " here): "
                + "every partition would move to its end, skipping whatever the group has not processed yet. A replay "
                + "only moves the group backwards; nothing was changed.");
    }
}
