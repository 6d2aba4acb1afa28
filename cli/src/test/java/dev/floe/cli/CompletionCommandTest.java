package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionCommandTest {
  @Test
  void printsABashScriptThatCompletesEveryCommand() {
    CliRun run = CliRun.floe("completion", "bash");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_floe");
    // Subcommands and their options, from the root's model rather than the completion command's.
    assertThat(run.out())
        .contains("tables", "snapshots", "ingest", "rehydrate", "bench", "completion")
        .contains("--warehouse", "--json");
  }

  @Test
  void bashIsTheDefaultShell() {
    assertThat(CliRun.floe("completion").out()).isEqualTo(CliRun.floe("completion", "bash").out());
  }

  @Test
  void rejectsAnUnknownShellAsUsage() {
    CliRun run = CliRun.floe("completion", "fish");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("SHELL").contains("fish");
  }
}
