package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {
  @Test
  void topLevelHelpListsEveryCommand() {
    CliRun run = CliRun.floe("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("demo", "tables", "snapshots", "read", "branch", "tag", "compact", "expire")
        .contains("pin", "verify", "rehydrate", "bench");
  }

  @Test
  void benchHelpNamesEveryBenchmark() {
    CliRun run = CliRun.floe("bench", "--help");

    assertThat(run.exitCode()).isZero();
    dev.floe.bench.Benchmarks.all().forEach(b -> assertThat(run.out()).contains(b.name()));
  }

  @Test
  void everySubcommandHasHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(FloeCli.commandLine(false), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(12);

    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = CliRun.floe(args.toArray(new String[0]));

      assertThat(run.exitCode()).as("exit code of %s", args).isZero();
      assertThat(run.out())
          .as("help of %s", args)
          .contains("Usage: floe " + String.join(" ", path));
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = CliRun.floe("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void usageErrorIsOneLineAndAPointerToHelpNotTheWholeUsage() {
    CliRun run = CliRun.floe("tag", "demo.events", "x y");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(2);
    assertThat(run.err()).startsWith("floe: ").contains("(run 'floe tag --help' for usage)");
    assertThat(run.err()).doesNotContain("Usage:");
  }

  @Test
  void badTableNameIsAUsageError(@TempDir Path dir) {
    String warehouse = dir.resolve("wh").toString();
    Floe.open(FloeConfig.embedded(Path.of(warehouse))).close();
    for (String name : List.of("demo.events@", "demo", "demo.ev ents", "demo.events#xyz")) {
      CliRun run = CliRun.floe("snapshots", name, "-w", warehouse);

      assertThat(run.exitCode()).as(name + ": " + run.err()).isEqualTo(2);
      assertThat(run.err()).startsWith("floe: Invalid table name");
      assertThat(run.err().lines()).hasSize(2);
    }
  }

  private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help")) {
                return;
              }
              List<String> child = new ArrayList<>(path);
              child.add(name);
              out.add(child);
              collect(sub, child, out);
            });
  }
}
