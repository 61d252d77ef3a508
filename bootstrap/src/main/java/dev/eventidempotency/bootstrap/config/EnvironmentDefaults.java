package dev.eventidempotency.bootstrap.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option {@code --foo-bar} may come from the environment variable {@code FOO_BAR}, or from the
 * file that {@code FOO_BAR_FILE} names (as container secret mounts provide them); a flag on the command
 * line overrides both. One rule for all settings, so nothing needs a lookup table. {@code --help} and
 * {@code --version} are not settings: {@code HELP} or {@code VERSION} in the environment must not turn
 * them on.
 *
 * <p>The other {@code KAFKA_*} variables are Kafka client properties (docs/security.md):
 * {@code KAFKA_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}, for every client the service creates.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String FILE_SUFFIX = "_FILE";
    private static final String KAFKA_PREFIX = "KAFKA_";

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static String variableFor(String longOption) {
        return longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || !option.longestName().startsWith("--")
                || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        return value(variableFor(option.longestName())).orElse(null);
    }

    /**
     * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}: every
     * {@code KAFKA_*} variable, from itself or its {@code _FILE}, except those that are the service's
     * own options (such as {@code KAFKA_BOOTSTRAP_SERVERS}).
     */
    public Map<String, String> kafkaClientProperties(Set<String> optionVariables) {
        Map<String, String> properties = new TreeMap<>();
        environment.keySet().stream()
                .map(name -> name.endsWith(FILE_SUFFIX) ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name)
                .filter(name -> name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length())
                .filter(name -> !optionVariables.contains(name))
                .distinct()
                .forEach(name -> value(name).ifPresent(value -> properties.put(kafkaProperty(name), value)));
        return properties;
    }

    static String kafkaProperty(String variable) {
        return variable.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The variable that sets a Kafka client property: {@code sasl.mechanism} is {@code KAFKA_SASL_MECHANISM}. */
    static String kafkaVariable(String property) {
        return KAFKA_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The variable's value, or the content of the file its {@code _FILE} twin names; never both. */
    Optional<String> value(String variable) {
        Optional<String> direct = Optional.ofNullable(environment.get(variable)).filter(value -> !value.isEmpty());
        Optional<String> file = Optional.ofNullable(environment.get(variable + FILE_SUFFIX)).filter(path -> !path.isEmpty());
        if (direct.isPresent() && file.isPresent()) {
            throw new InvalidSettingException(variable + " and " + variable + FILE_SUFFIX + " are both set: set "
                    + variable + " to the value, or " + variable + FILE_SUFFIX + " to a file that holds it, not both");
        }
        return file.isPresent() ? Optional.of(read(variable + FILE_SUFFIX, Path.of(file.get()))) : direct;
    }

    // The content is a secret: no message here prints it, only the path.
    private static String read(String variable, Path file) {
        try {
            return Files.readString(file).replaceFirst("\\R+\\z", "");
        } catch (IOException | RuntimeException unreadable) {
            throw new InvalidSettingException(variable + " is invalid: expected the path of a readable UTF-8 file "
                    + "holding the value, could not read '" + file + "' (" + unreadable.getClass().getSimpleName() + ")");
        }
    }
}
