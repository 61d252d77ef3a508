package dev.eventidempotency.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Diagrams cannot drift from the code: every class a Mermaid diagram in the README or docs/ names
 * (an UpperCamelCase word of two humps or more) is declared in the source tree, every
 * {@code Class.method} it names is declared in that class, and every {@code method(...)} message of a
 * sequence diagram is declared in the class of the participant that receives it.
 */
class DiagramNamesTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    /** Products named in diagram labels, which are not classes of this project. */
    private static final Set<String> NOT_CLASSES = Set.of("MyBatis", "GreenMail", "ArchUnit");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\\b");
    private static final Pattern CLASS_METHOD = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)\\b");
    private static final Pattern PARTICIPANT = Pattern.compile("^\\s*participant\\s+(\\w+)\\s+as\\s+(.*)$");
    private static final Pattern MESSAGE = Pattern.compile("^\\s*(\\w+)\\s*-{1,2}[>x)]{1,2}[+-]?\\s*(\\w+)\\s*:\\s*(.*)$");
    private static final Pattern CALL = Pattern.compile("^([a-z][A-Za-z0-9]*)\\(");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

    /** The architecture rules' fixtures copy production names on purpose; they are not what a diagram means. */
    private static final String ARCH_FIXTURES = "/dev/eventidempotency/archfixture/";
    private static final Map<Path, String> SOURCES = new HashMap<>();
    private static final Map<String, List<Path>> DECLARING_FILES = declaringFiles();

    @Test
    void theDocsHoldDiagrams() {
        assertThat(diagrams()).as("mermaid blocks in README.md and docs/").isNotEmpty();
    }

    @Test
    void everyClassADiagramNamesExists() {
        List<String> missing = new ArrayList<>();
        diagrams().forEach((where, diagram) -> {
            Matcher name = CLASS_NAME.matcher(diagram);
            while (name.find()) {
                if (!NOT_CLASSES.contains(name.group()) && !DECLARING_FILES.containsKey(name.group())) {
                    missing.add(where + ": " + name.group());
                }
            }
        });

        assertThat(missing).as("classes named in diagrams but declared nowhere in */src").isEmpty();
    }

    @Test
    void everyMethodADiagramNamesExistsInItsClass() {
        List<String> missing = new ArrayList<>();
        diagrams().forEach((where, diagram) -> {
            Matcher call = CLASS_METHOD.matcher(diagram);
            while (call.find()) {
                if (DECLARING_FILES.containsKey(call.group(1)) && !declares(call.group(1), call.group(2))) {
                    missing.add(where + ": " + call.group());
                }
            }
            sequenceCalls(diagram).forEach(typeAndMethod -> {
                if (!declares(typeAndMethod[0], typeAndMethod[1])) {
                    missing.add(where + ": " + typeAndMethod[0] + " receives " + typeAndMethod[1] + "(...)");
                }
            });
        });

        assertThat(missing).as("methods named in diagrams but not declared in their class").isEmpty();
    }

    /** Each {@code A->>B: method(...)} message whose receiver is a class: that class and the method. */
    private static List<String[]> sequenceCalls(String diagram) {
        Map<String, String> classOfParticipant = new HashMap<>();
        List<String[]> calls = new ArrayList<>();
        for (String line : diagram.split("\n")) {
            Matcher participant = PARTICIPANT.matcher(line);
            Matcher message = MESSAGE.matcher(line);
            if (participant.matches()) {
                Matcher name = CLASS_NAME.matcher(participant.group(2));
                if (name.find()) {
                    classOfParticipant.put(participant.group(1), name.group());
                }
            } else if (message.matches() && classOfParticipant.containsKey(message.group(2))) {
                Matcher call = CALL.matcher(message.group(3));
                if (call.find()) {
                    calls.add(new String[] {classOfParticipant.get(message.group(2)), call.group(1)});
                }
            }
        }
        return calls;
    }

    private static boolean declares(String type, String method) {
        Pattern declaration = Pattern.compile("(?m)^\\s*[\\w<>\\[\\],.? @]*[\\w>\\]]\\s+" + method + "\\s*\\(");
        return DECLARING_FILES.getOrDefault(type, List.of()).stream()
                .anyMatch(file -> declaration.matcher(SOURCES.get(file)).find());
    }

    /** Each mermaid block, keyed by its file and first line. */
    private static Map<String, String> diagrams() {
        Map<String, String> diagrams = new LinkedHashMap<>();
        for (Path doc : docs()) {
            String[] lines = read(doc).split("\n", -1);
            StringBuilder block = null;
            int start = 0;
            for (int i = 0; i < lines.length; i++) {
                if (block == null && lines[i].strip().equals("```mermaid")) {
                    block = new StringBuilder();
                    start = i + 1;
                } else if (block != null && lines[i].startsWith("```")) {
                    diagrams.put(PROJECT.relativize(doc) + ":" + start, block.toString());
                    block = null;
                } else if (block != null) {
                    block.append(lines[i]).append('\n');
                }
            }
        }
        return diagrams;
    }

    private static List<Path> docs() {
        try (Stream<Path> files = Files.walk(PROJECT.resolve("docs"))) {
            return Stream.concat(Stream.of(PROJECT.resolve("README.md")), files.filter(file -> file.toString().endsWith(".md")))
                    .toList();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Every type declared in the Java sources of every module, main and test, with the files that declare it. */
    private static Map<String, List<Path>> declaringFiles() {
        Map<String, List<Path>> files = new HashMap<>();
        try (Stream<Path> sources = Files.walk(PROJECT)) {
            sources.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/"))
                    .filter(file -> !file.toString().contains("/target/") && !file.toString().contains(ARCH_FIXTURES))
                    .forEach(file -> typesDeclaredIn(file)
                            .forEach(type -> files.computeIfAbsent(type, declared -> new ArrayList<>()).add(file)));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return files;
    }

    private static Set<String> typesDeclaredIn(Path file) {
        Set<String> types = new LinkedHashSet<>();
        types.add(file.getFileName().toString().replace(".java", ""));
        Matcher declaration = TYPE_DECLARATION.matcher(SOURCES.computeIfAbsent(file, DiagramNamesTest::read));
        while (declaration.find()) {
            types.add(declaration.group(1));
        }
        return types;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
