package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.bootstrap.config.KafkaOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Each command's --help lists the options it reads and no other, on lines that fit and words that stay whole. */
class CommandHelpTest {

    private static final List<String> CONSUMER_OPTIONS = List.of("--processing-mode", "--batch-size", "--max-attempts",
            "--max-record-bytes", "--kafka-session-timeout-ms", "--kafka-max-poll-interval-ms", "--poll-work-limit",
            "--kafka-group-protocol", "--kafka-group-instance-id", "--event-format", "--partition-concurrency");
    private static final List<String> DATABASE_OPTIONS = List.of("--db-url", "--db-user", "--db-password",
            "--db-migration-user", "--db-migration-password", "--db-connect-timeout", "--db-socket-timeout",
            "--db-statement-timeout", "--db-lock-timeout", "--db-idle-in-transaction-timeout", "--db-pool-timeout", "--db-schema");

    private final CommandLine root = Main.commandLine(Map.of());

    @Test
    void replayListsOnlyTheKafkaOptionsAndItsOwn() {
        assertThat(listedOptions("replay")).containsExactlyInAnyOrder("--kafka-bootstrap-servers", "--events-topic",
                "--service-name", "--from-timestamp", "--from-offset", "--partition", "--force", "--help", "--version");
    }

    @Test
    void runListsHowToConsumeAndTheDatabase() {
        assertThat(listedOptions("run")).containsAll(CONSUMER_OPTIONS).containsAll(DATABASE_OPTIONS)
                .contains("--kafka-bootstrap-servers", "--ledger-retention", "--smtp-host", "--shutdown-grace");
    }

    @Test
    void theLedgerAndOutboxCommandsListOnlyTheDatabaseAndTheirOwn() {
        assertThat(listedOptions("ledger", "show")).containsExactlyInAnyOrderElementsOf(
                Stream.concat(DATABASE_OPTIONS.stream(), Stream.of("--event-id", "--service", "--help", "--version")).toList());
        assertThat(listedOptions("outbox", "show")).containsExactlyInAnyOrderElementsOf(
                Stream.concat(DATABASE_OPTIONS.stream(), Stream.of("--outbox", "--limit", "--help", "--version")).toList());
    }

    @Test
    void everyHelpLineFitsTheWidthAndKeepsEveryWordWhole() {
        commands(root).forEach(command -> {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = command.getCommandSpec().qualifiedName();
            assertThat(usage.lines()).as(name).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(UsageHelp.WIDTH));
            Set<String> words = Set.copyOf(Arrays.asList(usage.split("\\s+")));
            command.getCommandSpec().options().forEach(option -> assertThat(words).as(name + " " + option.longestName())
                    .containsAll(descriptionWords(option.renderedDescription())));
            assertThat(words).as(name).containsAll(descriptionWords(command.getCommandSpec().usageMessage().description()));
        });
    }

    @Test
    void replayLeavesTheConsumerOptionsOfRunOutOfTheKafkaClientProperties() {
        CommandLine commandLine = Main.commandLine(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "KAFKA_GROUP_PROTOCOL", "auto", "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_SECURITY_PROTOCOL", "SSL"));
        commandLine.parseArgs("replay", "--from-offset", "0");
        KafkaOptions kafka = (KafkaOptions) commandLine.getSubcommands().get("replay").getCommandSpec().mixins().get("kafka")
                .userObject();

        assertThat(kafka.connection().clientProperties()).isEqualTo(Map.of("security.protocol", "SSL"));
    }

    private List<String> listedOptions(String... path) {
        CommandLine command = root;
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> listed = usage.lines()
                .filter(line -> line.matches("  (-\\w, )?--[a-z].*"))
                .map(line -> line.trim().replaceFirst("^-\\w, ", "").split("[=, ]")[0])
                .toList();
        Set<String> declared = command.getCommandSpec().options().stream().map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        assertThat(Set.copyOf(listed)).as("the options of the spec and those in its help").isEqualTo(declared);
        return listed;
    }

    private static Stream<CommandLine> commands(CommandLine command) {
        return Stream.concat(Stream.of(command), command.getSubcommands().values().stream().distinct()
                .flatMap(CommandHelpTest::commands));
    }

    private static List<String> descriptionWords(String[] description) {
        return Arrays.stream(String.join(" ", description).replace("%n", " ").trim().split("\\s+"))
                .filter(word -> !word.isEmpty()).toList();
    }
}
