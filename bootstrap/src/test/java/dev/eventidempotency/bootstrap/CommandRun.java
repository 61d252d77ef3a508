package dev.eventidempotency.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One command executed in-process as {@code main} would, with what it printed and its exit code. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(Map<String, String> environment, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
