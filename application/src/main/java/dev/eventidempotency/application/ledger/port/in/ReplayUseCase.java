package dev.eventidempotency.application.ledger.port.in;

/** Use case: rewind a stopped service's consumer group, so that it reads the records again. */
public interface ReplayUseCase {

    /**
     * Moves the offsets and returns the moves. Throws {@link ReplayRefusedException} while the group
     * has members (unless forced), and {@link IllegalArgumentException} for a partition the topic lacks.
     */
    ReplayPlan replay(ReplayRequest request);
}
