package dev.eventidempotency.adapter.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How every Kafka client of the service reaches the brokers: the bootstrap servers and the operator's
 * own client properties ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts, ...).
 *
 * <p>Each client gets the properties it knows; then the service's own properties on top, so that no
 * operator property can change what the guarantees rest on (manual offset commits, read_committed, raw
 * bytes, acks=all).
 * {@link #toString()} masks every property Kafka declares a password, and any other whose name says secret.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

    private static final Set<String> CONSUMER = ConsumerConfig.configNames();
    private static final Set<String> PRODUCER = ProducerConfig.configNames();
    private static final Set<String> ADMIN = AdminClientConfig.configNames();
    private static final String MASK = "****";

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = Map.copyOf(clientProperties);
        if (clientProperties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("bootstrap.servers is given on its own, not among the client properties");
        }
    }

    /** The brokers with Kafka's defaults: a PLAINTEXT connection without authentication. */
    public static KafkaConnection to(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** True when some consumer, producer or admin client knows the property. */
    public static boolean knownToAnyClient(String property) {
        return CONSUMER.contains(property) || PRODUCER.contains(property) || ADMIN.contains(property);
    }

    /** True for a property whose value must never be printed: Kafka's PASSWORD type, or a secret by its name. */
    public static boolean isSecret(String property) {
        ConfigDef.ConfigKey key = definition(property);
        if (key != null) {
            return key.type == ConfigDef.Type.PASSWORD;
        }
        String name = property.toLowerCase(Locale.ROOT);
        // An unknown property is a plug-in's: judged by its name, erring on the side of masking.
        return name.contains("password") || name.contains("secret") || name.contains("jaas") || name.contains("token")
                || name.contains("credential") || name.endsWith(".key");
    }

    public Map<String, Object> consumerConfig(Map<String, Object> serviceOwned) {
        return configFor(CONSUMER, serviceOwned);
    }

    public Map<String, Object> producerConfig(Map<String, Object> serviceOwned) {
        return configFor(PRODUCER, serviceOwned);
    }

    /** As {@link #producerConfig(Map)}, with defaults of the service's that the operator's properties override. */
    public Map<String, Object> producerConfig(Map<String, Object> defaults, Map<String, Object> serviceOwned) {
        Map<String, Object> config = new LinkedHashMap<>(defaults);
        config.putAll(configFor(PRODUCER, serviceOwned));
        return config;
    }

    public Map<String, Object> adminConfig() {
        return configFor(ADMIN, Map.of());
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((name, value) -> shown.put(name, isSecret(name) ? MASK : value));
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", clientProperties=" + shown + "]";
    }

    private Map<String, Object> configFor(Set<String> known, Map<String, Object> serviceOwned) {
        Map<String, Object> config = new LinkedHashMap<>(clientProperties.entrySet().stream()
                .filter(property -> known.contains(property.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(serviceOwned);
        return config;
    }

    private static ConfigDef.ConfigKey definition(String property) {
        for (ConfigDef definitions : new ConfigDef[] {ConsumerConfig.configDef(), ProducerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            ConfigDef.ConfigKey key = definitions.configKeys().get(property);
            if (key != null) {
                return key;
            }
        }
        return null;
    }
}
