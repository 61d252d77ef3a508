package dev.eventidempotency.bootstrap.ledger;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.application.ledger.port.in.ReplayPlan;
import dev.eventidempotency.application.ledger.port.in.ReplayRefusedException;
import dev.eventidempotency.application.ledger.port.in.ReplayRequest;
import dev.eventidempotency.application.ledger.port.in.ReplayStart;
import dev.eventidempotency.bootstrap.CommandFailedException;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.config.KafkaOptions;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The note's "then replay from Kafka": rewinds the stopped service's consumer group. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rewinds the service's consumer group (its name is SERVICE_NAME) on EVENTS_TOPIC, so that the",
                "service reads those records again when it next starts. The ledger skips every event it still holds;",
                "only forgotten or purged events are processed again. Stop every instance of the service first:",
                "replay refuses while the group has live members, and so does the broker. It only moves the group",
                "backwards: a target beyond where a partition would resume is refused, and nothing is moved.",
                "Every option can also be set by the environment variable named after it."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:rewound", "1:any other failure (Kafka unreachable, unknown topic)",
                "2:usage error: neither or both of --from-timestamp and --from-offset, a malformed value, "
                        + "a partition the topic lacks, an offset past a partition's end",
                "4:refused, nothing moved: the group has live members, the time is in the future, or a partition "
                        + "would move beyond its committed offset (without one, beyond its first record)"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from-timestamp", paramLabel = "TIME",
            description = "Start at the first record published at or after this ISO-8601 time, "
                    + "e.g. 2026-11-28T09:30:00Z. Env: FROM_TIMESTAMP.")
    String fromTimestamp;

    @Option(names = "--from-offset", paramLabel = "OFFSET",
            description = "Start at this offset (of every partition, or of --partition). Env: FROM_OFFSET.")
    Long fromOffset;

    @Option(names = "--partition", paramLabel = "P", description = "Rewind only this partition. Env: PARTITION.")
    Integer partition;

    @Option(names = "--force", description = "Skip the check for live members; the broker still refuses while they are connected.")
    boolean force;

    @Override
    public Integer call() {
        KafkaConnection connection = kafka.connection();
        ServiceName service = kafka.service();
        TopicName topic = kafka.topic();
        ReplayRequest request = new ReplayRequest(service, topic, start(), Optional.ofNullable(partition), force);
        ReplayPlan plan;
        try {
            plan = CompositionRoot.replay(connection, request);
        } catch (ReplayRefusedException refused) {
            throw new CommandFailedException("Replay refused: " + refused.getMessage(), ExitCodes.REFUSED, refused);
        } catch (IllegalArgumentException outOfRange) {
            // A partition the topic lacks, or an offset past a partition's end: the message names which.
            throw new InvalidSettingException("replay: " + outOfRange.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Rewound consumer group '%s' on topic '%s':%n", service, topic);
        plan.moves().forEach((rewound, move) -> out.printf("  partition %d: %s -> %d%n", rewound,
                move.from().map(String::valueOf).orElse("(no committed offset)"), move.to()));
        out.println("Start the service: it reads these records again, and the ledger skips every event it still holds.");
        return ExitCodes.OK;
    }

    private ReplayStart start() {
        if ((fromTimestamp == null) == (fromOffset == null)) {
            throw new InvalidSettingException(
                    "replay needs exactly one of --from-timestamp TIME (e.g. 2026-11-28T09:30:00Z) or --from-offset OFFSET");
        }
        if (fromOffset != null) {
            return parse("--from-offset", String.valueOf(fromOffset), text -> new ReplayStart.AtOffset(Long.parseLong(text)));
        }
        return parse("--from-timestamp", fromTimestamp, text -> {
            try {
                return new ReplayStart.AtTime(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notIso) {
                throw new IllegalArgumentException("expected an ISO-8601 time with an offset, e.g. 2026-11-28T09:30:00Z "
                        + "or 2026-11-28T10:30:00+01:00, was '" + text + "'", notIso);
            }
        });
    }
}
