package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors of the ledger commands and of replay: found before any connection, exit code 2. */
class LedgerCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aBadDurationNamesTheOptionItsVariableAndTheForms() {
        assertThat(execute(Map.of(), "ledger", "purge", "--older-than", "30 days")).isEqualTo(2);
        assertThat(err.toString()).startsWith("OLDER_THAN (or --older-than) is invalid: expected a positive duration "
                + "such as 30d, 12h, 90m, 45s, 500ms or PT1H, was '30 days'");
    }

    @Test
    void purgeWithoutOlderThanIsRefused() {
        assertThat(execute(Map.of(), "ledger", "purge")).isEqualTo(2);
        assertThat(err.toString()).startsWith("OLDER_THAN (or --older-than) is required: a duration such as 30d");
    }

    @Test
    void theBatchSizeReadsTheRunSettingsVariable() {
        assertThat(execute(Map.of("LEDGER_PURGE_BATCH_SIZE", "0"), "ledger", "purge", "--older-than", "30d")).isEqualTo(2);
        assertThat(err.toString()).startsWith("LEDGER_PURGE_BATCH_SIZE (or --ledger-purge-batch-size) is invalid: "
                + "expected a number from 1 to 100000, was 0");
    }

    @Test
    void forgetNeedsAReasonForTheAudit() {
        assertThat(execute(Map.of(), "ledger", "forget", "--event-id", "e-1", "--service", "user-service")).isEqualTo(2);
        assertThat(err.toString()).startsWith("REASON (or --reason) is required: why the row is removed");
    }

    @Test
    void showNeedsAnEventIdAndRefusesABlankOne() {
        assertThat(execute(Map.of(), "ledger", "show")).isEqualTo(2);
        assertThat(err.toString()).startsWith("EVENT_ID (or --event-id) is required");
    }

    @Test
    void ledgerWithoutASubcommandIsAUsageError() {
        assertThat(execute(Map.of(), "ledger")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing a subcommand: show, duplicates, forget or purge");
    }

    @Test
    void replayNeedsExactlyOneStartAndAnIsoTime() {
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092");
        assertThat(execute(kafka, "replay")).isEqualTo(2);
        assertThat(err.toString()).startsWith("replay needs exactly one of --from-timestamp TIME");

        assertThat(execute(kafka, "replay", "--from-timestamp", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("FROM_TIMESTAMP (or --from-timestamp) is invalid: expected an ISO-8601 time");

        assertThat(execute(kafka, "replay", "--from-offset", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("FROM_OFFSET (or --from-offset) is invalid: offset must be 0 or more, was -3");
    }

    @Test
    void everyCommandExplainsItselfAndItsExitCodes() {
        Map<String, List<String>> expected = Map.of(
                "ledger show", List.of("--event-id", "--service", "DB_SCHEMA"),
                "ledger duplicates", List.of("unique_event_per_service", "DB_URL"),
                "ledger forget", List.of("--event-id", "--service", "--reason", "--operator", "--dry-run"),
                "ledger purge", List.of("--older-than", "--batch-size", "LEDGER_PURGE_BATCH_SIZE", "--dry-run", "SERVICE_NAME",
                        "--all-services"),
                "replay", List.of("--from-timestamp", "--from-offset", "--partition", "--force", "SERVICE_NAME"));
        expected.forEach((command, options) -> {
            List<String> arguments = new ArrayList<>(List.of(command.split(" ")));
            arguments.add("--help");
            assertThat(execute(Map.of(), arguments.toArray(String[]::new))).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Exit codes:").contains(options);
        });
    }

    private int execute(Map<String, String> environment, String... arguments) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
