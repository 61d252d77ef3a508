package dev.eventidempotency.bootstrap.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option {@code --foo-bar} may come from the environment variable {@code FOO_BAR}; a flag on
 * the command line overrides it. One rule for all settings, so nothing needs a lookup table.
 * {@code --help} and {@code --version} are not settings: {@code HELP} or {@code VERSION} in the
 * environment must not turn them on.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

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
        return Optional.ofNullable(environment.get(variableFor(option.longestName())))
                .filter(value -> !value.isEmpty())
                .orElse(null);
    }
}
