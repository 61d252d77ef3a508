package dev.eventidempotency.bootstrap.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The classpath of a server run as a child JVM (the local Kafka broker, the local mail server),
 * read from the file a pom-only module of the build writes. The file is found by a system property,
 * then an environment variable, then where the build that made this jar wrote it, then a path
 * relative to the project root.
 *
 * @param systemProperty names the file for tests, set by Failsafe
 * @param environmentVariable names the file for a run outside the build
 * @param buildLocationResource a resource of this jar whose {@code classpath.file} the build filled in
 * @param projectPath the file's place under the project root
 * @param howToBuild what to run when the file is missing
 */
public record ServerClasspath(String systemProperty, String environmentVariable, String buildLocationResource,
        Path projectPath, String howToBuild) {

    public String read() {
        Path file = locate();
        try {
            String classpath = Files.readString(file).strip();
            if (classpath.isEmpty()) {
                throw new IllegalStateException("The classpath file " + file.toAbsolutePath() + " is empty. " + remedy());
            }
            return classpath;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("The classpath file " + file.toAbsolutePath() + " does not exist. " + remedy(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
    }

    private Path locate() {
        String property = System.getProperty(systemProperty);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(environmentVariable);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return builtAlongside().filter(Files::isRegularFile).orElse(projectPath);
    }

    /** Where the build that made this jar wrote the file, so a command works from any working directory. */
    private Optional<Path> builtAlongside() {
        try (InputStream resource = ServerClasspath.class.getResourceAsStream(buildLocationResource)) {
            if (resource == null) {
                return Optional.empty();
            }
            Properties build = new Properties();
            build.load(resource);
            return Optional.ofNullable(build.getProperty("classpath.file")).filter(path -> !path.isBlank()).map(Path::of);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private String remedy() {
        return howToBuild + " (or point the system property " + systemProperty + " or the environment variable "
                + environmentVariable + " at it).";
    }
}
