package dev.eventidempotency.application.ledger.port.out;

/** The broker refused to move a consumer group's offsets because the group has live members. */
public final class GroupNotEmptyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GroupNotEmptyException(String message, Throwable cause) {
        super(message, cause);
    }
}
