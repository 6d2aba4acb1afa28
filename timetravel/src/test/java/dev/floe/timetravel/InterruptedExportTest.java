package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehydrate interrupted while writing (SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown
 * hooks, not finally blocks) leaves no file, hidden or not. Runs the export in a child JVM.
 */
class InterruptedExportTest {
  @TempDir Path warehouse;
  @TempDir Path out;

  @Test
  void exportInterruptedWhileWritingLeavesNoFile() throws Exception {
    for (String format : new String[] {"parquet", "arrow"}) {
      Path folder = out.resolve(format);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // Arrow needs the module openings this JVM was started with.
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(arg -> arg.startsWith("--add-"))
          .forEach(command::add);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              Child.class.getName(),
              warehouse.resolve(format).toString(),
              folder.resolve("events." + format).toString(),
              format));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        StringBuilder said = new StringBuilder();
        String line;
        do {
          line = lines.readLine();
          said.append(line).append('\n');
        } while (line != null && !line.equals("writing"));
        assertThat(line)
            .as(format + ": the child never started writing: " + said)
            .isEqualTo("writing");
        assertThat(LockEdits.listing(folder)).as(format).singleElement().asString().startsWith(".");
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(LockEdits.listing(folder)).as(format).isEmpty();
    }
  }

  /** Pins a small table and exports it, stopping to wait for the signal once rows are written. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(args[0])))) {
        Table table = TestEvents.create(floe);
        TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 50));
        TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).select("id", "label").commit();
        java.util.function.LongConsumer stall =
            rows -> {
              System.out.println("writing");
              System.out.flush();
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            };
        Path file = Path.of(args[1]);
        if (args[2].equals("parquet")) {
          TimeTravel.rehydrate(floe, lock).onRowsWritten(stall).writeParquet(file);
        } else {
          try (var allocator = new org.apache.arrow.memory.RootAllocator()) {
            TimeTravel.rehydrate(floe, lock).onRowsWritten(stall).writeArrow(file, allocator);
          }
        }
      }
    }
  }
}
