package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.require;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which brokers, which topic and which consumer group: what every command that talks to Kafka needs.
 * Each flag {@code --foo-bar} also reads {@code FOO_BAR}; the other {@code KAFKA_*} variables are client properties.
 */
public final class KafkaOptions {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOptions.class);
    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka brokers to connect to. Env: KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = "user-events",
            description = "Topic to consume. Its dead letters go to TOPIC.DLT. Env: EVENTS_TOPIC. Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = {"--service-name", "--service"}, paramLabel = "NAME", defaultValue = "user-service",
            description = "This service's name: the consumer group id and the ledger's service_name. "
                    + "Env: SERVICE_NAME. Default: ${DEFAULT-VALUE}.")
    String serviceName;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The configured brokers, validated, with every {@code KAFKA_*} client property of the environment. */
    public KafkaConnection connection() {
        return connectionOf(command);
    }

    /**
     * As {@link #connection()}, for the command given. Mixed into another mixin ({@link ServiceOptions}),
     * this one's mixee is that mixin, which knows neither the environment nor the other commands.
     */
    KafkaConnection connectionOf(CommandSpec mixee) {
        String servers = require(bootstrapServers, "--kafka-bootstrap-servers",
                "a comma-separated list of host:port, e.g. localhost:9092");
        if (!HOST_PORT_LIST.matcher(servers).matches()) {
            throw invalid("--kafka-bootstrap-servers",
                    "expected a comma-separated list of host:port without spaces, e.g. kafka-1:9092,kafka-2:9092, "
                            + "was '" + servers + "'");
        }
        return new KafkaConnection(servers, clientProperties(mixee));
    }

    public boolean hasBootstrapServers() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    public ServiceName service() {
        return parse("--service-name", serviceName, ServiceName::new);
    }

    public TopicName topic() {
        return parse("--events-topic", eventsTopic, TopicName::new);
    }

    /**
     * The {@code KAFKA_*} variables that are no option of any command (see {@link EnvironmentDefaults})
     * and name a property some Kafka client knows. Options of every command, not only this one's: a
     * command without {@code --kafka-group-protocol} must not hand {@code KAFKA_GROUP_PROTOCOL=auto},
     * set for {@code run} in the same environment, to its clients. Others, such as {@code KAFKA_HEAP_OPTS}
     * of Kafka's own scripts, are left out, with a warning that catches a misspelt property.
     */
    private static Map<String, String> clientProperties(CommandSpec command) {
        if (!(command.defaultValueProvider() instanceof EnvironmentDefaults environment)) {
            return Map.of();
        }
        Set<String> optionVariables = withSubcommands(command.root())
                .flatMap(spec -> spec.options().stream())
                .map(option -> EnvironmentDefaults.variableFor(option.longestName()))
                .collect(Collectors.toSet());
        Map<String, String> properties = new TreeMap<>(environment.kafkaClientProperties(optionVariables));
        properties.keySet().removeIf(property -> {
            boolean unknown = !KafkaConnection.knownToAnyClient(property);
            if (unknown) {
                LOG.warn("Ignored {}: {} is no Kafka consumer, producer or admin property",
                        EnvironmentDefaults.kafkaVariable(property), property);
            }
            return unknown;
        });
        return properties;
    }

    private static Stream<CommandSpec> withSubcommands(CommandSpec spec) {
        return Stream.concat(Stream.of(spec), spec.subcommands().values().stream()
                .map(CommandLine::getCommandSpec)
                .flatMap(KafkaOptions::withSubcommands));
    }
}
