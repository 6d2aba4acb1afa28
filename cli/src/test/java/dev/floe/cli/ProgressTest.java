package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void printsAtMostOneLinePerIntervalAndAFinalLine() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress progress = Progress.start(new PrintWriter(err), "rehydrate a, b", 1000, 2, now::get);

    progress.file(1, 3);
    progress.rows(100); // too soon after the start: nothing printed
    progress.file(2, 3);
    now.addAndGet(Progress.INTERVAL_NANOS);
    progress.rows(150);
    progress.rows(50); // same instant: throttled
    progress.partDone();
    progress.file(1, 1);
    now.addAndGet(Progress.INTERVAL_NANOS);
    progress.rows(700);
    progress.partDone();
    progress.done();

    assertThat(err.toString().lines())
        .containsExactly(
            "rehydrate a, b: 250 / 1,000 rows (25%), 0/2 tables, 1/3 files, 1,000 rows/s",
            "rehydrate a, b: 1,000 / 1,000 rows (100%), 1/2 tables, 0/1 files, 2,000 rows/s",
            "rehydrate a, b: 1,000 / 1,000 rows (100%), 2/2 tables, 1/1 files, 2,000 rows/s,"
                + " done");
  }

  @Test
  void inPlaceRedrawsOneLineAndLeavesALinePerFile() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress progress = Progress.start(new PrintWriter(err), "ingest t", 0, 1, now::get);
    progress.files(2).inPlace();

    progress.startFile(java.nio.file.Path.of("in/a.csv")); // the first update is drawn at once
    now.addAndGet(Progress.INTERVAL_NANOS);
    progress.rows(500);
    progress.endFile();
    progress.startFile(java.nio.file.Path.of("in/b.csv"));
    progress.rows(100); // too soon: nothing drawn
    progress.endFile();
    progress.done();

    String drawn = "ingest t: 500 rows, 0/2 files, 2,000 rows/s, a.csv";
    assertThat(err.toString())
        .isEqualTo(
            "\ringest t: 0 rows, 0/2 files, 0 rows/s, a.csv"
                + ("\r" + drawn)
                + ("\r" + " ".repeat(drawn.length()) + "\r")
                + "a.csv: 500 rows\n"
                + "b.csv: 100 rows\n"
                + "\ringest t: 600 rows, 2/2 files, 2,400 rows/s, done\n");
  }

  @Test
  void isSilentWhenTurnedOff() {
    StringWriter err = new StringWriter();
    Progress progress = Progress.start(new PrintWriter(err), false, "read t", 0, 1);

    progress.rows(10);
    progress.done();

    assertThat(err.toString()).isEmpty();
  }
}
