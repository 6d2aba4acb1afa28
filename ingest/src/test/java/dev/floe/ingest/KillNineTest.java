package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL mid-stream leaves whole batches only, and can resume. */
class KillNineTest {
  private static final int ROWS = 500;

  @TempDir Path warehouse;

  @Test
  void killedWriterLeavesNoPartialBatchAndResumesExactlyOnce() throws Exception {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Events.create(floe);
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Victim.class.getName(),
                warehouse.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("committed 3")) {
        // wait until a few batches are in, then kill while the next ones are being written
      }
      Thread.sleep(30);
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("ml.events");
      List<Long> ids = Events.ids(Events.read(table));
      Set<Long> batches = new TreeSet<>();
      ids.forEach(id -> batches.add(id / ROWS));
      // Only whole batches are visible, and they are the ones the table says it committed.
      assertThat(ids).hasSize(batches.size() * ROWS).doesNotHaveDuplicates();
      long last;
      try (TableWriter writer = TableWriter.forTable(table).producerId("victim").build()) {
        last = writer.lastCommittedSequence();
        assertThat(batches).hasSize((int) last + 1).allMatch(seq -> seq <= last);
        // The restarted producer re-sends from the start: committed batches are skipped.
        for (long seq = 0; seq <= last + 2; seq++) {
          assertThat(writer.append(Events.batch(seq, seq * ROWS, ROWS)).duplicate())
              .isEqualTo(seq <= last);
        }
      }
      assertThat(Events.ids(Events.read(table)))
          .hasSize((int) (last + 3) * ROWS)
          .doesNotHaveDuplicates();
    }
  }

  /** The child process: appends batches until it is killed. */
  public static final class Victim {
    public static void main(String[] args) {
      try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(args[0])));
          TableWriter writer =
              TableWriter.forTable(floe.tables().load("ml.events")).producerId("victim").build()) {
        for (long seq = 0; seq < 1000; seq++) {
          writer.append(Events.batch(seq, seq * ROWS, ROWS));
          System.out.println("committed " + seq);
          System.out.flush();
        }
      }
    }
  }
}
