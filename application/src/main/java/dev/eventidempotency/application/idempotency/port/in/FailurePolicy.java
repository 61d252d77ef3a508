package dev.eventidempotency.application.idempotency.port.in;

/**
 * What happens to an event whose processing failed and was rolled back: the one place that decides
 * between waiting, retrying and setting it aside. An inbound adapter applies the verdict.
 *
 * <ul>
 *   <li>An environment failure would hit any event: the adapter waits for the environment and
 *       counts nothing against the event.</li>
 *   <li>Any other failure is retried without counting until there is evidence that it is the
 *       event's own: other events went through meanwhile (see {@link EventFailure#othersSucceeded()}).
 *       A database that fails every event in a way no classifier knows thus never drains good events
 *       into the dead-letter topic.</li>
 *   <li>With that evidence, an event the database rejects is set aside at once, and one that fails
 *       for an unknown reason after {@code maxAttempts} counted attempts.</li>
 * </ul>
 */
public final class FailurePolicy {

    /** What to do with the failed event. */
    public enum Verdict {
        /** Pause everything and wait for the environment; no attempt is counted. */
        WAIT_FOR_ENVIRONMENT,
        /** Retry later; not counted, as nothing shows yet that the failure is the event's own. */
        RETRY_UNPROVEN,
        /** Retry later; counted as one of the event's attempts. */
        RETRY_COUNTED,
        /** Set aside: the database refuses what the event would write. */
        SET_ASIDE_REJECTED,
        /** Set aside: it failed {@code maxAttempts} counted times. */
        SET_ASIDE_FAILED_REPEATEDLY;

        public boolean countsAnAttempt() {
            return this == RETRY_COUNTED || this == SET_ASIDE_FAILED_REPEATEDLY;
        }
    }

    private final int maxAttempts;

    public FailurePolicy(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * @param failure the failure, with the batch's own evidence
     * @param othersSucceededSince whether other events (say, of other partitions) went through since
     *     this event first failed: the adapter's evidence
     * @param countedBefore attempts of this event counted before this one
     */
    public Verdict judge(EventFailure failure, boolean othersSucceededSince, int countedBefore) {
        if (failure.kind() == FailureKind.ENVIRONMENT) {
            return Verdict.WAIT_FOR_ENVIRONMENT;
        }
        if (!failure.othersSucceeded() && !othersSucceededSince) {
            return Verdict.RETRY_UNPROVEN;
        }
        if (failure.kind() == FailureKind.REJECTED) {
            return Verdict.SET_ASIDE_REJECTED;
        }
        return countedBefore + 1 >= maxAttempts ? Verdict.SET_ASIDE_FAILED_REPEATEDLY : Verdict.RETRY_COUNTED;
    }
}
