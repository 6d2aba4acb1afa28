package dev.floe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Runs the floe command in-process and captures what it prints. The command sees a clean
 * environment (no {@code FLOE_*} variables, no {@code ./floe.properties}, no terminal) unless a
 * test passes its own {@link CliEnvironment}.
 */
record CliRun(int exitCode, String out, String err) {
  static CliRun floe(String... args) {
    return floe(CliEnvironment.clean(), args);
  }

  static CliRun floe(CliEnvironment environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = FloeCli.commandLine(Arrays.asList(args).contains("--verbose"), environment);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
