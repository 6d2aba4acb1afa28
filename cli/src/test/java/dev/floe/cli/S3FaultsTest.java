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
 * floe ingest on an S3 warehouse whose server misbehaves ({@link FaultyS3}). Throttling, server
 * errors and resets are retried by S3FileIO; what keeps failing fails the command with one line,
 * leaves no partial batch and no snapshot pointing at a missing file, and a re-run once the server
 * behaves completes the work.
 */
class S3FaultsTest {
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
  void ingestRetriesThrottlingErrorsAndResetsAndAppendsEveryRowOnce() throws IOException {
    w.proxy().inject(Fault.SLOW_DOWN, "PUT", FaultyS3.DATA, 2);
    w.proxy().inject(Fault.RESET_MID_REQUEST, "PUT", FaultyS3.DATA, 1);
    w.proxy().inject(Fault.INTERNAL_ERROR, "PUT", FaultyS3.METADATA_JSON, 1);
    // The server stores the metadata file, the client never hears so and writes it again.
    w.proxy().inject(Fault.RESET_MID_RESPONSE, "PUT", FaultyS3.METADATA_JSON, 1);
    w.proxy().inject(Fault.RESET_MID_RESPONSE, "GET", FaultyS3.METADATA_JSON, 1);
    w.proxy().slowMillis(1_000).inject(Fault.SLOW, "PUT", FaultyS3.DATA, 1);

    CliRun run = w.ingest(w.rows(1, 300), "--batch-rows", "100");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Ingested 300 rows");
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 300));
    assertThat(w.proxy().injected(Fault.SLOW_DOWN)).isEqualTo(2);
    assertThat(w.proxy().injected(Fault.RESET_MID_REQUEST)).isEqualTo(1);
    assertThat(w.proxy().injected(Fault.INTERNAL_ERROR)).isEqualTo(1);
    assertThat(w.proxy().injected(Fault.SLOW)).isEqualTo(1);
    w.assertEverySnapshotsFilesExist();
  }

  @Test
  void ingestThatKeepsFailingStopsAtABatchBoundaryAndARerunCompletes() throws IOException {
    Path input = w.rows(1, 300);
    // The first batch's data file goes through, every later one fails on every retry.
    w.proxy().injectAfter(1, Fault.INTERNAL_ERROR, "PUT", FaultyS3.DATA, 1_000);

    // A commit per batch (--commit-bytes 1), so the first can land before the faults start.
    CliRun failed = w.ingest(input, "--batch-rows", "100", "--commit-bytes", "1");

    FaultyS3.assertOneLineFailure(failed);
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 100));
    w.assertEverySnapshotsFilesExist();

    w.proxy().heal();
    CliRun rerun = w.ingest(input, "--batch-rows", "100");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 300));
    w.assertEverySnapshotsFilesExist();
  }

  @Test
  void commitWhoseMetadataCannotBeWrittenLeavesTheTableAsItWas() throws IOException {
    Path input = w.rows(1, 50);
    w.proxy().inject(Fault.INTERNAL_ERROR, "PUT", FaultyS3.METADATA_JSON, 1_000);

    CliRun failed = w.ingest(input);

    FaultyS3.assertOneLineFailure(failed);
    assertThat(w.ids()).isEmpty();
    w.proxy().heal();
    assertThat(w.ingest(input).exitCode()).isZero();
    assertThat(w.ids()).containsExactlyInAnyOrderElementsOf(FaultyS3.range(1, 50));
    w.assertEverySnapshotsFilesExist();
  }
}
