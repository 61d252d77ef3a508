package dev.eventidempotency.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help text that wraps only between words. Picocli breaks lines wherever Java's line breaker allows,
 * which splits {@code TOPIC.DLT}, {@code jdbc:postgresql://...} or {@code max.poll.records} in two.
 * Each command's description is one paragraph, and options, subcommands and exit codes are two
 * columns whose right-hand text wraps at spaces within {@link #WIDTH} characters.
 */
final class UsageHelp {

    /** The classic terminal's width: every help line fits it. */
    static final int WIDTH = 80;
    private static final int LEFT_COLUMN = 30;
    private static final String INDENT = "  ";

    private UsageHelp() {
    }

    /** Installs this layout on the command and all its subcommands. */
    static void install(CommandLine commandLine) {
        commandLine.setUsageHelpWidth(WIDTH);
        commandLine.getCommandSpec().usageMessage().abbreviateSynopsis(true)
                .optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n");
        Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraph(text(help.commandSpec().usageMessage().description()), "", WIDTH));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageHelp::parameters);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageHelp::options);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, UsageHelp::commands);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
                help -> columns(help.commandSpec().usageMessage().exitCodeList()));
        commandLine.getSubcommands().values().forEach(UsageHelp::install);
    }

    private static String options(Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        help.commandSpec().options().stream()
                .filter(option -> !option.hidden())
                .sorted(help.createDefaultOptionSort())
                .forEach(option -> rows.put(names(option), text(option.renderedDescription())));
        return columns(rows);
    }

    private static String names(OptionSpec option) {
        String names = String.join(", ", option.names());
        return option.typeInfo().isBoolean() || option.arity().max() == 0 ? names : names + "=" + option.paramLabel();
    }

    private static String parameters(Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (PositionalParamSpec parameter : help.commandSpec().positionalParameters()) {
            if (!parameter.hidden()) {
                rows.put(parameter.paramLabel(), text(parameter.renderedDescription()));
            }
        }
        return columns(rows);
    }

    /** Each subcommand with the first sentence of its description. */
    private static String commands(Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        help.subcommands().forEach((name, subcommand) -> {
            CommandSpec spec = subcommand.commandSpec();
            String description = text(spec.usageMessage().description());
            int end = description.indexOf(". ");
            rows.put(name, end < 0 ? description : description.substring(0, end + 1));
        });
        return columns(rows);
    }

    /** The lines of a description as one paragraph; picocli's own commands mark line breaks with {@code %n}. */
    private static String text(String[] lines) {
        return String.join(" ", lines).replace("%n", " ").trim();
    }

    /** The right-hand column starts after the longest left-hand cell, or at {@link #LEFT_COLUMN} at most. */
    private static String columns(Map<String, String> rows) {
        int longest = rows.keySet().stream().mapToInt(left -> INDENT.length() + left.length() + 2).max().orElse(0);
        String indent = " ".repeat(Math.min(longest, LEFT_COLUMN));
        StringBuilder text = new StringBuilder();
        rows.forEach((left, right) -> {
            String cell = INDENT + left;
            if (cell.length() < indent.length() - 1) {
                String wrapped = paragraph(right, indent, WIDTH);
                text.append(cell).append(wrapped.substring(cell.length()));
            } else {
                text.append(cell).append(System.lineSeparator()).append(paragraph(right, indent, WIDTH));
            }
        });
        return text.toString();
    }

    /** The words of the text on lines of at most {@code width} characters, each starting with the indent. */
    static String paragraph(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
