package dev.eventidempotency.application.ledger.port.in;

import java.util.List;

/** The group still has live members: moving its offsets now would race with their commits. */
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
}
