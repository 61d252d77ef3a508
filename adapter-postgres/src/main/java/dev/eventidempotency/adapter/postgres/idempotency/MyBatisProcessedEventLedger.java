package dev.eventidempotency.adapter.postgres.idempotency;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ledger as {@code INSERT ... ON CONFLICT DO NOTHING}: the insert is the check.
 *
 * <p>A second transaction that claims the same event while the first is still open waits on the
 * unique index; when the first commits it inserts nothing (ALREADY_PROCESSED), when the first rolls
 * back it inserts the row (CLAIMED). No unique violation is raised, so the transaction stays usable.
 * A batch is claimed in one round trip: {@code unnest} of the ids, {@code RETURNING} the winners.
 * Only for the ids that were not won is the stored fingerprint read, to find payload conflicts: a
 * second round trip that batches without duplicates never make. An id that comes back neither
 * inserted nor found exactly as sent is an error, never a duplicate.
 */
public final class MyBatisProcessedEventLedger implements ProcessedEventLedger {

    @Override
    public ClaimOutcome claim(Transaction transaction, EventClaim claim) {
        return claimAll(transaction, List.of(claim)).get(0);
    }

    @Override
    public List<ClaimOutcome> claimAll(Transaction transaction, List<EventClaim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        ServiceName service = claims.get(0).service();
        if (claims.stream().anyMatch(claim -> !claim.service().equals(service))) {
            throw new IllegalArgumentException("a batch claims for one service, got several: " + claims);
        }
        Map<EventId, EventClaim> firstClaims = new LinkedHashMap<>();
        claims.forEach(claim -> firstClaims.putIfAbsent(claim.eventId(), claim));
        List<EventClaim> distinct = List.copyOf(firstClaims.values());
        ProcessedEventMapper mapper = MyBatisTransaction.mapper(transaction, ProcessedEventMapper.class);
        Set<String> won = Set.copyOf(mapper.claimAll(service.value(), column(distinct, claim -> claim.eventId().value()),
                column(distinct, claim -> claim.topic().value()), column(distinct, claim -> claim.fingerprint().sha256Hex())));
        Map<String, String> held = heldBefore(mapper, service, distinct, won);
        Set<String> answered = new HashSet<>();
        return claims.stream().map(claim -> {
            String id = claim.eventId().value();
            if (won.contains(id) && answered.add(id)) {
                return ClaimOutcome.CLAIMED;
            }
            // Only the id exactly as sent counts. A database that stored another (a lone surrogate sent
            // as '?', a trigger that trims ids) answers for another event: never read that as a duplicate.
            if (!won.contains(id) && !held.containsKey(id)) {
                throw new IllegalStateException("event id '" + id + "' was neither inserted nor found in the ledger as sent:"
                        + " the database stored another id in its place, so the claim cannot tell whether this event is new");
            }
            // Claimed earlier in this batch: measured against that claim; otherwise against the row.
            String reference = won.contains(id) ? firstClaims.get(claim.eventId()).fingerprint().sha256Hex() : held.get(id);
            return reference == null || reference.equals(claim.fingerprint().sha256Hex())
                    ? ClaimOutcome.ALREADY_PROCESSED : ClaimOutcome.PAYLOAD_CONFLICT;
        }).toList();
    }

    /** The fingerprints held for ids this batch did not win: null for rows older than fingerprints, no key if none. */
    private static Map<String, String> heldBefore(ProcessedEventMapper mapper, ServiceName service, List<EventClaim> claims,
            Set<String> won) {
        String[] lost = claims.stream().map(claim -> claim.eventId().value()).filter(id -> !won.contains(id))
                .toArray(String[]::new);
        Map<String, String> held = new HashMap<>();
        if (lost.length > 0) {
            mapper.fingerprintsOf(service.value(), lost).forEach(row -> held.put(row.eventId(), row.fingerprint()));
        }
        return held;
    }

    private static String[] column(List<EventClaim> claims, Function<EventClaim, String> value) {
        return claims.stream().map(value).toArray(String[]::new);
    }
}
