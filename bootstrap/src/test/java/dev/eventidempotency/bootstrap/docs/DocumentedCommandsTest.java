package dev.eventidempotency.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docs cannot rot silently: every command in a fenced shell block of the README or of docs/ is
 * either run verbatim by {@code .ci/run}, run by a named test, run by {@code .ci/fork-check} (the
 * fork guide's {@code bash fork-step} blocks), or listed here with the reason no CI can run it.
 * A new command in the docs fails this test until it says which.
 */
class DocumentedCommandsTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final String CI_RUN = ".ci/run";
    private static final Pattern SHELL_BLOCK = Pattern.compile("^```(bash|sh|shell)\\s*$");
    private static final Pattern FORK_STEP_BLOCK = Pattern.compile("^```bash fork-step\\s*$");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#\\s.*$");

    /** Each documented command, and what runs it: {@code .ci/run}, a test class, or "not run: why". */
    private static final Map<String, String> EXERCISED_BY = Map.ofEntries(
            Map.entry("./mvnw -q -DskipTests package && java -jar bootstrap/tooling/target/event-idempotency-tooling.jar demo", CI_RUN),
            Map.entry("./mvnw -B verify", CI_RUN),
            Map.entry(".ci/fork-check", CI_RUN),
            Map.entry("./mvnw -q -DskipTests package", CI_RUN),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS=kafka:9092 DB_URL=jdbc:postgresql://db:5432/app DB_USER=app DB_PASSWORD=... "
                    + "java -jar bootstrap/target/event-idempotency.jar run", "RunCommandIT"),
            Map.entry("java -Xmx256m -jar bootstrap/tooling/target/event-idempotency-tooling.jar benchmark", "BenchmarkCommandIT"),
            Map.entry("java -Xmx256m -jar bootstrap/tooling/target/event-idempotency-tooling.jar benchmark rebalance", "BenchmarkCommandIT"),
            Map.entry("java -Xmx256m -jar bootstrap/tooling/target/event-idempotency-tooling.jar benchmark --benchmark-events 200000 "
                    + "--benchmark-flows b,c,d,f,g,h,i --benchmark-batch-sizes 500 --benchmark-ledger-rows 0",
                    "not run: the measure behind performance.md's results, about 12 minutes; BenchmarkCommandIT runs the same "
                    + "flows small"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS=kafka-1:9093 KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT KAFKA_SASL_MECHANISM=SCRAM-SHA-512 "
                    + "KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/kafka-jaas DB_PASSWORD_FILE=/run/secrets/db-password "
                    + "java -jar bootstrap/target/event-idempotency.jar run", "ScramKafkaIT"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS=kafka-1:9094 KAFKA_SECURITY_PROTOCOL=SSL "
                    + "KAFKA_SSL_TRUSTSTORE_LOCATION=/run/secrets/kafka-truststore.p12 "
                    + "KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE=/run/secrets/kafka-truststore-password "
                    + "KAFKA_SSL_KEYSTORE_LOCATION=/run/secrets/user-service.p12 "
                    + "KAFKA_SSL_KEYSTORE_PASSWORD_FILE=/run/secrets/user-service-keystore-password "
                    + "KAFKA_SSL_KEY_PASSWORD_FILE=/run/secrets/user-service-key-password "
                    + "java -jar bootstrap/target/event-idempotency.jar run", "CommandLineTest"),
            Map.entry("DB_URL=jdbc:postgresql://db:5432/app DB_SCHEMA=service DB_USER=app DB_PASSWORD_FILE=/run/secrets/db-password "
                    + "DB_MIGRATION_USER=app_owner DB_MIGRATION_PASSWORD_FILE=/run/secrets/db-owner-password "
                    + "java -jar bootstrap/target/event-idempotency.jar run", "LeastPrivilegeIT"),
            Map.entry("DB_URL='jdbc:postgresql://db:5432/app?sslmode=require'", "PostgresTlsIT"),
            Map.entry("java -jar $J ledger forget --event-id ID --service user-service --reason \"why\" --dry-run",
                    "LedgerCommandsIT"),
            Map.entry("java -jar $J ledger forget --event-id ID --service user-service --reason \"why\"", "LedgerCommandsIT"),
            Map.entry("java -jar $J replay --from-timestamp 2026-11-28T09:00:00Z", "ReplayCommandIT"),
            Map.entry("find . -path '*/src/main/java/*' -name '*.java' "
                    + "| sed -E 's|^\\./([^/]+)/src/main/java/(.*)/[^/]+\\.java$|\\1 \\2|' | sort -u | tr / .",
                    "not run: it only lists packages, to compare with the tree drawn in architecture.md"),
            Map.entry("git clone https://example.org/your/event-idempotency.git order-service && cd order-service",
                    "not run: a placeholder address; .ci/fork-check clones HEAD in its place"),
            Map.entry("kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic user-events.DLT --from-beginning "
                    + "--group dlt-inspection-$USER --property print.headers=true --property print.key=true "
                    + "--property print.offset=true --property print.partition=true",
                    "not run: Apache Kafka's shell tools are not installed; DeadLetterIT reads the same headers"),
            Map.entry("TEST_DB_URL=jdbc:postgresql://db.example:5432/ci TEST_DB_USER=ci TEST_DB_PASSWORD=... ./mvnw -B verify",
                    "not run: a placeholder server; ServerProviderTest covers the choice of TEST_DB_URL"),
            Map.entry("TEST_KAFKA_BOOTSTRAP_SERVERS=localhost:9092 ./mvnw -B verify",
                    "not run: needs a running broker; ServerProviderTest covers the choice of the variable"),
            Map.entry("./mvnw test", "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw verify -DskipITs", "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -pl adapter-postgres -am verify -Dit.test=UserCreatedHandlerContractIT "
                    + "-Dfailsafe.failIfNoSpecifiedTests=false", "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -pl adapter-postgres -am verify "
                    + "-Dit.test='UserCreatedHandlerContractIT#whenTheFirstOfTwoConcurrentDeliveriesFailsTheSecondTakesEffectOnce' "
                    + "-Dfailsafe.failIfNoSpecifiedTests=false", "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -pl bootstrap -am verify -Dit.test=HandlerFailureIT -Dfailsafe.failIfNoSpecifiedTests=false",
                    "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -pl adapter-kafka -am test -Dtest=JsonEventDecoderTest -Dsurefire.failIfNoSpecifiedTests=false",
                    "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -pl bootstrap -am test -Dtest='Architecture*Test' -Dsurefire.failIfNoSpecifiedTests=false",
                    "not run: a subset of ./mvnw -B verify, which .ci/run runs"),
            Map.entry("./mvnw -B -pl bootstrap -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
                    + "-Dit.test='**/guarantees/*IT' -Dfailsafe.failIfNoSpecifiedTests=false "
                    + "-Dguarantees.events=200000 -Dguarantees.kills=50 -Dguarantees.rebalances=20 -Dguarantees.outages=5",
                    "not run: the soak run, hours long; ./mvnw -B verify runs the same tests at their default size"));

    @Test
    void everyDocumentedCommandIsExercisedOrSaysWhyNot() {
        List<String> unaccounted = documentedCommands().keySet().stream()
                .filter(command -> !EXERCISED_BY.containsKey(command)).toList();

        assertThat(unaccounted).as("commands in the docs that nothing runs; add each to EXERCISED_BY").isEmpty();
    }

    @Test
    void everyCommandSaidToRunInCiRunsThereVerbatim() {
        String ciRun = read(PROJECT.resolve(CI_RUN));

        assertThat(EXERCISED_BY).allSatisfy((command, exerciser) -> {
            if (exerciser.equals(CI_RUN)) {
                assertThat(ciRun).as(CI_RUN).contains(command);
            }
        });
    }

    @Test
    void everyTestNamedAsAnExerciserExists() {
        assertThat(EXERCISED_BY.values().stream().filter(exerciser -> !exerciser.equals(CI_RUN) && !exerciser.startsWith("not run: ")))
                .allSatisfy(testClass -> assertThat(sourceFileOf(testClass)).as("source of %s", testClass).isNotEmpty());
    }

    @Test
    void everyEntryIsStillADocumentedCommand() {
        assertThat(documentedCommands().keySet()).as("commands in the docs").containsAll(EXERCISED_BY.keySet());
    }

    @Test
    void theForkGuidesStepsAreRunByCi() {
        assertThat(forkSteps()).as("bash fork-step blocks in docs/fork-guide.md").isNotEmpty();
        assertThat(read(PROJECT.resolve(CI_RUN))).contains(".ci/fork-check");
    }

    /** Each command of a shell block, continuations joined and comments dropped, with the file it is in. */
    private static Map<String, Path> documentedCommands() {
        Map<String, Path> commands = new LinkedHashMap<>();
        for (Path doc : docs()) {
            shellBlocks(doc, SHELL_BLOCK).forEach(block -> commandsOf(block).forEach(command -> commands.put(command, doc)));
        }
        return commands;
    }

    private static List<List<String>> forkSteps() {
        return shellBlocks(PROJECT.resolve("docs/fork-guide.md"), FORK_STEP_BLOCK);
    }

    private static List<Path> docs() {
        try (Stream<Path> files = Files.walk(PROJECT.resolve("docs"))) {
            return Stream.concat(Stream.of(PROJECT.resolve("README.md")), files.filter(file -> file.toString().endsWith(".md")))
                    .toList();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static List<List<String>> shellBlocks(Path doc, Pattern opening) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : read(doc).split("\n", -1)) {
            if (block == null && opening.matcher(line).matches()) {
                block = new ArrayList<>();
            } else if (block != null && line.startsWith("```")) {
                blocks.add(block);
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return blocks;
    }

    private static List<String> commandsOf(List<String> block) {
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : block) {
            String text = TRAILING_COMMENT.matcher(line).replaceAll("").strip();
            if (command.isEmpty() && (text.isEmpty() || text.startsWith("#"))) {
                continue;
            }
            boolean continues = text.endsWith("\\");
            command.append(continues ? text.substring(0, text.length() - 1).strip() : text).append(' ');
            if (!continues) {
                commands.add(command.toString().strip().replaceAll("\\s+", " "));
                command.setLength(0);
            }
        }
        return commands;
    }

    private static List<Path> sourceFileOf(String testClass) {
        try (Stream<Path> files = Files.walk(PROJECT)) {
            return files.filter(file -> file.getFileName().toString().equals(testClass + ".java"))
                    .filter(file -> file.toString().contains("/src/test/java/")).toList();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
