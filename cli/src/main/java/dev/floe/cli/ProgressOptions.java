package dev.floe.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --progress}/{@code --no-progress} of the commands that read or write many rows. */
final class ProgressOptions {
  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Print progress (rows, files, rows/s) to stderr; default on when stderr is a terminal.")
  Boolean forced;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Progress of {@code what} on the command's stderr, shown as the options and terminal say. */
  Progress start(String what, long expectedRows, int parts) {
    return Progress.start(
        command.commandLine().getErr(),
        CliEnvironment.of(command).showProgress(forced),
        what,
        expectedRows,
        parts);
  }
}
