package dev.floe.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command prints its result, and how: text for people, or with {@code --json} one JSON
 * document (see {@link BranchJson}) that scripts parse.
 */
final class OutputOptions {
  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The command's stdout. */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** Prints {@code value} as the command's one JSON document. */
  void printJson(Object value) {
    BranchJson.print(out(), value);
  }
}
