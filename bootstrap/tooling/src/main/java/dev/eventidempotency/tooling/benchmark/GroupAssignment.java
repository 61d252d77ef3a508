package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** Whether a consumer group has settled: the members a measurement expects, and every partition of its topic assigned. */
final class GroupAssignment {

    private GroupAssignment() {
    }

    /** False while the broker does not answer, as for a group still forming. */
    static boolean isStable(Admin admin, ServiceName group, TopicName topic, int members, int partitions) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group.value())).describedGroups()
                    .get(group.value()).get();
            long assigned = description.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(topic.value()))
                    .count();
            return description.groupState() == GroupState.STABLE && description.members().size() == members
                    && assigned == partitions;
        } catch (ExecutionException unanswered) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
