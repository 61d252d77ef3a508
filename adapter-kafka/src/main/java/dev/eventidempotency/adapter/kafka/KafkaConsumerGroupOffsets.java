package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.ledger.port.out.ConsumerGroupOffsets;
import dev.eventidempotency.application.ledger.port.out.GroupNotEmptyException;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/** A consumer group's offsets through the Admin API: what {@code kafka-consumer-groups.sh --reset-offsets} does. */
public final class KafkaConsumerGroupOffsets implements ConsumerGroupOffsets, AutoCloseable {

    private final Admin admin;

    public KafkaConsumerGroupOffsets(KafkaConnection connection) {
        this.admin = KafkaTopics.admin(connection);
    }

    @Override
    public List<String> liveMembers(ServiceName group) {
        try {
            ConsumerGroupDescription description = KafkaAdminCalls.await(
                    admin.describeConsumerGroups(List.of(group.value())).describedGroups().get(group.value()),
                    "describe consumer group " + group);
            return description.members().stream().map(member -> member.clientId() + "@" + member.host()).toList();
        } catch (GroupIdNotFoundException noGroup) {
            return List.of();
        }
    }

    @Override
    public Map<Integer, Long> committed(ServiceName group, TopicName topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = KafkaAdminCalls.await(
                admin.listConsumerGroupOffsets(group.value()).partitionsToOffsetAndMetadata(),
                "list the offsets of consumer group " + group);
        return offsets.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic.value()) && entry.getValue() != null)
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
    }

    @Override
    public Map<Integer, Long> endOffsets(TopicName topic) {
        return offsets(topic, partition -> OffsetSpec.latest());
    }

    @Override
    public Map<Integer, Long> startOffsets(TopicName topic) {
        return offsets(topic, partition -> OffsetSpec.earliest());
    }

    @Override
    public Map<Integer, Long> offsetsAt(TopicName topic, Instant time) {
        Map<Integer, Long> atTime = offsets(topic, partition -> OffsetSpec.forTimestamp(time.toEpochMilli()));
        Map<Integer, Long> ends = endOffsets(topic);
        // -1: no record at or after the time; the replay of that partition then starts at its end.
        return atTime.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue() < 0 ? ends.get(entry.getKey()) : entry.getValue()));
    }

    @Override
    public void moveTo(ServiceName group, TopicName topic, Map<Integer, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> moves = offsets.entrySet().stream().collect(Collectors.toMap(
                entry -> new TopicPartition(topic.value(), entry.getKey()), entry -> new OffsetAndMetadata(entry.getValue())));
        try {
            KafkaAdminCalls.await(admin.alterConsumerGroupOffsets(group.value(), moves).all(),
                    "move the offsets of consumer group " + group);
        } catch (UnknownMemberIdException | RebalanceInProgressException
                 | org.apache.kafka.common.errors.GroupNotEmptyException liveMembers) {
            throw new GroupNotEmptyException(liveMembers.getClass().getSimpleName() + ": " + liveMembers.getMessage(),
                    liveMembers);
        }
    }

    private Map<Integer, Long> offsets(TopicName topic, Function<TopicPartition, OffsetSpec> spec) {
        TopicDescription description = KafkaAdminCalls.await(
                admin.describeTopics(List.of(topic.value())).allTopicNames(), "describe topic " + topic).get(topic.value());
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .map(partition -> new TopicPartition(topic.value(), partition.partition()))
                .collect(Collectors.toMap(Function.identity(), spec));
        Map<TopicPartition, ListOffsetsResultInfo> answers =
                KafkaAdminCalls.await(admin.listOffsets(request).all(), "list the offsets of " + topic);
        return answers.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close();
    }
}
