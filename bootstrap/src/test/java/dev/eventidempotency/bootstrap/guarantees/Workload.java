package dev.eventidempotency.bootstrap.guarantees;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

/**
 * The records a failure case publishes, planned up front from a seed, and the history of what was
 * actually published (partition and offset of each record) for the {@link HistoryChecker}.
 *
 * <p>A share of the records re-send an earlier event as a retrying producer would: 2 to 5 copies in
 * all, each one right behind the original (so both come in one poll), a few records later on the
 * same partition, or on another partition under another key. Each record's timestamp is its
 * position in the plan in milliseconds after a fixed base, so a rewind to a timestamp is exact.
 */
public final class Workload {

    /** Where a record's copy of its event lands, relative to the event's first record. */
    public enum Placement { ORIGINAL, RESENT_ADJACENT, RESENT_LATER, RESENT_ON_ANOTHER_PARTITION }

    /** One planned record. */
    public record Planned(int index, String eventId, String userId, String email, byte[] key, int partition,
            byte[] value, Placement placement) {
    }

    /** One published record, where the broker stored it. */
    public record Produced(Planned planned, long offset) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESEND_DISTANCE = 40;

    private final List<Planned> plan;
    private final int partitions;
    private final Instant base = Instant.now().minus(Duration.ofDays(1));
    private final List<Produced> published = new CopyOnWriteArrayList<>();

    private Workload(List<Planned> plan, int partitions) {
        this.plan = List.copyOf(plan);
        this.partitions = partitions;
    }

    /** {@code records} records on {@code partitions} partitions, {@code duplicatePercent} % of them re-sends. */
    public static Workload of(int records, int duplicatePercent, int partitions, long seed) {
        if (partitions < 2) {
            throw new IllegalArgumentException("re-sends on another partition need at least 2 partitions");
        }
        int resends = records * duplicatePercent / 100;
        List<DemoEventStream.Event> originals = DemoEventStream.of(records - resends, 0, seed).records();
        Random random = new Random(seed);
        List<List<Placement>> copiesAfter = new ArrayList<>();
        List<List<Integer>> copiesOf = new ArrayList<>();
        originals.forEach(original -> {
            copiesAfter.add(new ArrayList<>());
            copiesOf.add(new ArrayList<>());
        });
        int remaining = resends;
        while (remaining > 0) {
            int original = random.nextInt(originals.size());
            int copies = Math.min(remaining, 1 + random.nextInt(4));
            for (int copy = 0; copy < copies; copy++) {
                Placement placement = Placement.values()[1 + random.nextInt(3)];
                int slot = placement == Placement.RESENT_ADJACENT ? original
                        : Math.min(originals.size() - 1, original + 1 + random.nextInt(MAX_RESEND_DISTANCE));
                copiesAfter.get(slot).add(placement);
                copiesOf.get(slot).add(original);
            }
            remaining -= copies;
        }
        List<Planned> plan = new ArrayList<>(records);
        for (int i = 0; i < originals.size(); i++) {
            plan.add(planned(plan.size(), originals.get(i), Placement.ORIGINAL, partitions, random));
            for (int copy = 0; copy < copiesAfter.get(i).size(); copy++) {
                plan.add(planned(plan.size(), originals.get(copiesOf.get(i).get(copy)), copiesAfter.get(i).get(copy),
                        partitions, random));
            }
        }
        return new Workload(plan, partitions);
    }

    private static Planned planned(int index, DemoEventStream.Event event, Placement placement, int partitions,
            Random random) {
        byte[] ownKey = event.userId().getBytes(StandardCharsets.UTF_8);
        int home = Utils.toPositive(Utils.murmur2(ownKey)) % partitions;
        boolean elsewhere = placement == Placement.RESENT_ON_ANOTHER_PARTITION;
        byte[] key = elsewhere ? (event.userId() + "/resent-" + index).getBytes(StandardCharsets.UTF_8) : ownKey;
        int partition = elsewhere ? (home + 1 + random.nextInt(partitions - 1)) % partitions : home;
        return new Planned(index, event.eventId(), event.userId(), emailOf(event), key, partition, event.value(), placement);
    }

    private static String emailOf(DemoEventStream.Event event) {
        try {
            return JSON.readTree(event.value()).path("payload").path("email").asText();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public int size() {
        return plan.size();
    }

    public int partitions() {
        return partitions;
    }

    public List<Planned> plan() {
        return plan;
    }

    /** How many records of the plan have each placement. */
    public Map<Placement, Integer> placements() {
        Map<Placement, Integer> counts = new EnumMap<>(Placement.class);
        plan.forEach(planned -> counts.merge(planned.placement(), 1, Integer::sum));
        return counts;
    }

    /** Distinct events among the first {@code records} records of the plan. */
    public int distinctAmongFirst(int records) {
        Set<String> ids = new HashSet<>();
        plan.subList(0, records).forEach(planned -> ids.add(planned.eventId()));
        return ids.size();
    }

    /** The end (exclusive) of slice {@code slice} of {@code slices} nearly equal slices. */
    public int endOfSlice(int slice, int slices) {
        return (int) ((long) plan.size() * (slice + 1) / slices);
    }

    /** Publishes slice {@code slice} (from 0) of {@code slices} nearly equal slices of the plan. */
    public void publishSlice(String bootstrapServers, String topic, int slice, int slices) {
        publish(bootstrapServers, topic, slice == 0 ? 0 : endOfSlice(slice - 1, slices), endOfSlice(slice, slices));
    }

    /** The timestamp of a planned record; a rewind to it replays that record and everything planned after it. */
    public Instant timestampOf(int index) {
        return base.plusMillis(index);
    }

    /** Publishes the planned records {@code from} (inclusive) to {@code to} (exclusive) and waits for every ack. */
    public void publish(String bootstrapServers, String topic, int from, int to) {
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(bootstrapServers)) {
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(to - from);
            for (Planned planned : plan.subList(from, to)) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, planned.partition(),
                        timestampOf(planned.index()).toEpochMilli(), planned.key(), planned.value())));
            }
            List<Produced> stored = new ArrayList<>(acknowledgements.size());
            for (int i = 0; i < acknowledgements.size(); i++) {
                stored.add(new Produced(plan.get(from + i), acknowledgements.get(i).get().offset()));
            }
            published.addAll(stored);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", interrupted);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("publishing failed: " + failed.getCause().getMessage(), failed.getCause());
        }
    }

    public void publishAll(String bootstrapServers, String topic) {
        publish(bootstrapServers, topic, 0, plan.size());
    }

    /** The published records below their partition's offset in {@code committed}: those Kafka will not deliver again. */
    public List<Produced> publishedBelow(Map<Integer, Long> committed) {
        return published.stream()
                .filter(record -> record.offset() < committed.getOrDefault(record.planned().partition(), 0L))
                .toList();
    }

    /** Every record published so far, with its offset. */
    public List<Produced> published() {
        return List.copyOf(published);
    }
}
