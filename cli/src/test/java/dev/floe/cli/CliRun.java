package dev.floe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the floe command in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
  static CliRun floe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = FloeCli.commandLine(java.util.Arrays.asList(args).contains("--verbose"));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
