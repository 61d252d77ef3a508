package dev.eventidempotency.bootstrap.guarantees;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code pg_dump} of one schema and its restore with {@code psql}: what an operator's restore
 * to an earlier point does to the service's tables. Needs both programs on the PATH, as CI has.
 */
public final class SchemaDump {

    private final PostgresSettings server;
    private final String schema;
    private final Path file;

    private SchemaDump(PostgresSettings server, String schema, Path file) {
        this.server = server;
        this.schema = schema;
        this.file = file;
    }

    public static SchemaDump of(PostgresSettings server, String schema) throws IOException, InterruptedException {
        Path file = Files.createTempFile("schema-" + schema, ".sql");
        file.toFile().deleteOnExit();
        SchemaDump dump = new SchemaDump(server, schema, file);
        dump.run("pg_dump", "--schema=" + schema, "--no-owner", "--file=" + file);
        return dump;
    }

    /** Drops the schema as it is now and brings back the dumped one. */
    public void restore() throws IOException, InterruptedException {
        run("psql", "-v", "ON_ERROR_STOP=1", "-q", "-c", "DROP SCHEMA \"" + schema + "\" CASCADE");
        run("psql", "-v", "ON_ERROR_STOP=1", "-q", "-f", file.toString());
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        URI url = URI.create(server.jdbcUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(program, "--host=" + url.getHost(), "--port=" + url.getPort(),
                "--username=" + server.user(), "--dbname=" + url.getPath().substring(1)));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", server.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
