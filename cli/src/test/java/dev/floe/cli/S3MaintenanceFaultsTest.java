package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.FaultProxy.Fault;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction, expire, pin and rehydrate on an S3 warehouse whose server misbehaves ({@link
 * FaultyS3}): retried where S3FileIO retries, otherwise one line and exit 1 with the table as it
 * was, and a re-run completes the work.
 */
class S3MaintenanceFaultsTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  @TempDir Path dir;
  FaultyS3 w;

  @BeforeEach
  void start() throws IOException {
    w = new FaultyS3(s3, dir);
  }

  @AfterEach
  void stop() {
    w.close();
  }

  @Test
  void compactionThatCannotWriteKeepsEveryRowAndARerunCompacts() throws IOException {
    // --commit-bytes 1: a snapshot and small files per batch, as the tests below need too.
    assertThat(
            w.ingestDirect(w.rows(1, 300), "--batch-rows", "50", "--commit-bytes", "1").exitCode())
        .isZero();
    w.proxy().inject(Fault.INTERNAL_ERROR, "PUT", FaultyS3.DATA, 1_000);

    CliRun failed = w.floe("compact", "ml.events");

    FaultyS3.assertFailureOnLastLine(failed);
    assertThat(failed.err())
        .contains("failed group  (6 files): object store request failed: ")
        .contains("Status Code: 500");
    assertThat(w.dataFiles()).isEqualTo(6);
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 300));
    w.assertEverySnapshotsFilesExist();

    // What S3FileIO retries does not stop the re-run.
    w.proxy().heal();
    w.proxy().inject(Fault.RESET_MID_RESPONSE, "GET", FaultyS3.DATA, 2);
    w.proxy().inject(Fault.SLOW_DOWN, "PUT", FaultyS3.DATA, 1);
    CliRun rerun = w.floe("compact", "ml.events");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(w.dataFiles()).isEqualTo(1);
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 300));
    w.assertEverySnapshotsFilesExist();
  }

  @Test
  void expireThatCannotCommitChangesNothingAndARerunExpires() throws IOException {
    assertThat(
            w.ingestDirect(w.rows(1, 100), "--batch-rows", "25", "--commit-bytes", "1").exitCode())
        .isZero();
    assertThat(CliRun.floe("compact", "ml.events", "--config", w.direct().toString()).exitCode())
        .isZero();
    int snapshots = w.snapshots();
    w.proxy().inject(Fault.INTERNAL_ERROR, "PUT", FaultyS3.METADATA_JSON, 1_000);

    CliRun failed = w.floe("expire", "ml.events", "--older-than", "0s");

    FaultyS3.assertOneLineFailure(failed);
    assertThat(w.snapshots()).isEqualTo(snapshots);
    w.assertEverySnapshotsFilesExist();

    // Bulk deletes are POSTs to the bucket: throttled once, retried.
    w.proxy().heal();
    w.proxy().inject(Fault.SLOW_DOWN, "POST", "/" + s3.bucket(), 1);
    CliRun rerun = w.floe("expire", "ml.events", "--older-than", "0s");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("expired " + (snapshots - 1) + " snapshots");
    assertThat(w.snapshots()).isEqualTo(1);
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 100));
    w.assertEverySnapshotsFilesExist();
  }

  @Test
  void pinAndRehydrateRetryResetsAndFailCleanlyWhenTheServerKeepsFailing() throws IOException {
    assertThat(
            w.ingestDirect(w.rows(1, 200), "--batch-rows", "100", "--commit-bytes", "1").exitCode())
        .isZero();
    Path lock = dir.resolve("train.floe.lock.json");
    w.proxy().inject(Fault.INTERNAL_ERROR, "PUT", FaultyS3.METADATA_JSON, 1_000);

    CliRun failedPin = w.floe("pin", "ml.events", "--tag", "train", "--out", lock.toString());

    FaultyS3.assertOneLineFailure(failedPin);
    assertThat(lock).doesNotExist();
    assertThat(w.tags()).doesNotContain("train");

    w.proxy().heal();
    w.proxy().inject(Fault.RESET_MID_RESPONSE, "GET", FaultyS3.DATA, 1);
    CliRun pin = w.floe("pin", "ml.events", "--tag", "train", "--out", lock.toString());
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(w.tags()).contains("train");

    Path out = dir.resolve("export");
    w.proxy().inject(Fault.RESET_MID_RESPONSE, "GET", FaultyS3.DATA, 1);
    w.proxy().inject(Fault.SLOW_DOWN, "GET", FaultyS3.DATA, 1);
    CliRun rehydrate = w.floe("rehydrate", lock.toString(), "--out", out.toString());
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains("200 rows, digest").contains("verified");

    w.proxy().inject(Fault.INTERNAL_ERROR, "GET", FaultyS3.DATA, 1_000);
    CliRun failed = w.floe("rehydrate", lock.toString(), "--out", dir.resolve("x").toString());
    FaultyS3.assertOneLineFailure(failed);

    w.proxy().heal();
    CliRun rerun = w.floe("rehydrate", lock.toString(), "--out", dir.resolve("x").toString());
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(rerun.out()).contains("200 rows, digest").contains("verified");
  }
}
