package dev.eventidempotency.application.ledger.port.in;

/** Use case: rewind a stopped service's consumer group, so that it reads the records again. */
public interface ReplayUseCase {

    /**
     * Moves the offsets and returns the moves, all or none. Throws {@link ReplayRefusedException} while
     * the group has members (unless forced), for a time in the future, and when any partition would
     * move forward (beyond its committed offset, or without one beyond its first record); and
     * {@link IllegalArgumentException} for a partition the topic lacks or an offset past a partition's end.
     */
    ReplayPlan replay(ReplayRequest request);
}
