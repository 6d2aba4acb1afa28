package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import dev.floe.compaction.OrphanFile;
import dev.floe.compaction.RetentionResult;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.DeadLetter;
import dev.floe.ingest.EvolutionPolicy;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.TableWriterMetrics;
import dev.floe.ingest.files.InputFiles;
import dev.floe.ingest.files.InputOptions;
import dev.floe.ingest.files.RowBatches;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's API tour, run as written. The code between {@code // tour:N} and {@code //
 * tour:end} is the README's N-th Java block of "API tour", verbatim (ReadmeTourTest fails when the
 * two drift apart); the code around it supplies what the tour leaves to the reader (SCHEMA,
 * records, rows, an allocator, ...). Lines for Nessie mode run too: in this embedded warehouse they
 * must fail with the error that says so.
 *
 * <p>The tour writes to relative paths; surefire runs it in target/tour-run.
 */
class ApiTourTest {
  static final org.apache.iceberg.Schema SCHEMA = TourData.SCHEMA;

  private final BufferAllocator allocator = new RootAllocator();
  private final MeterRegistry meterRegistry = new SimpleMeterRegistry();
  private long trainedRows;

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void readmeApiTourRunsAsWritten() throws Exception {
    TourData.startInEmptyRunFolder();
    // tour:1
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of("floe-warehouse")))) {
      Table events = floe.tables().createIfAbsent("ml.events", SCHEMA,
          PartitionSpec.builderFor(SCHEMA).day("event_ts").bucket("user_id", 16).build());
      // tour:end
      long snapshotId = TourData.seed(events, 0, 100);

      // tour:2
      FloeConfig config = FloeConfig.builder().fileIfExists(Path.of("floe.properties")).env(System.getenv()).build();
      FloeConfig nessie = FloeConfig.nessie("http://127.0.0.1:19120/api/v2", "s3://bucket/warehouse")
          .with("s3.endpoint", "http://127.0.0.1:9000").with("s3.path-style-access", "true");

      Experiment exp = floe.experiments().create("exp-embeddings-v2").from("main")
          .purpose("new embedding model").ttl(Duration.ofDays(14)).commit();
      ResolvedTable onBranch = floe.tables().resolve("ml.events@" + exp.ref());   // TableWriter.forTable(onBranch)
      ExperimentDiff diff = floe.experiments().diff("exp-embeddings-v2");      // tables, snapshots, rows
      floe.experiments().merge("exp-embeddings-v2");   // atomic across tables in Nessie mode;
                                                        // MergeConflictException if main moved
      floe.experiments().tag("ml.events", "train-2026-11-21", snapshotId);
      // tour:end
      assertThat(config.warehouse()).isEqualTo("floe-warehouse");
      assertThat(nessie.properties()).containsEntry("s3.path-style-access", "true");
      assertThat(onBranch.ref()).isEqualTo(exp.ref());
      assertThat(diff.experiment()).isEqualTo("exp-embeddings-v2");
      events.refresh();
      assertThat(events.refs()).containsKeys(exp.ref(), "train-2026-11-21");

      List<Record> records = TourData.records(100, 50);
      List<Map<String, Object>> rows = TourData.rows(200, 30);
      try (VectorSchemaRoot vectorSchemaRoot = TourData.arrow(allocator, 300, 20)) {
        // tour:3
        try (TableWriter writer = TableWriter.forTable(events)
                .producerId("checkout-service")
                .format(FileFormat.PARQUET)                         // or ORC
                .evolution(EvolutionPolicy.ADD_COLUMNS)             // STRICT (default) | ADD_COLUMNS | ADD_AND_WIDEN
                .groupCommit(Duration.ofMillis(200), 64L << 20)     // many producers, few snapshots
                .range("amount", 0.0, 1_000_000.0)                  // per-row rules
                .deadLetter(DeadLetter.parquetFolder(Path.of("rejected")))  // bad rows kept, with reasons
                .build()) {
          long next = writer.lastCommittedSequence() + 1;           // where a restarted producer resumes
          AppendResult r = writer.append(Batch.of(next, SCHEMA, records)); // committed once; a retry is a no-op
          writer.appendAsync(Batch.ofRows(42, rows).forProducer("partition-7")); // Map rows, own producer
          writer.append(Batch.ofArrow(next + 1, vectorSchemaRoot));  // Arrow: copied, the caller keeps it
          new TableWriterMetrics(writer).bindTo(meterRegistry);     // Micrometer, when on the classpath
        }
        // tour:end
      }
      assertThat(TourData.rowCount(events)).isEqualTo(100 + 50 + 30 + 20);
      assertThat(meterRegistry.getMeters()).isNotEmpty();

      java.nio.file.Files.writeString(
          Path.of("events.csv"),
          "id;user_id;event_ts;amount;label\n"
              + "900;9;2026-12-01T10:00:00Z;1.5;click\n"
              + "901;9;2026-12-01T10:01:00Z;2.5;view\n");
      try (TableWriter writer = TableWriter.forTable(events).producerId("csv-loader").build()) {
        // tour:4
        try (RowBatches input = InputFiles.open(Path.of("events.csv"),
                InputOptions.defaults().withDelimiter(';'))) {     // CSV, JSON lines, Parquet, Arrow IPC
          for (Batch b = input.next(1, 10_000); b != null; b = input.next(b.sequence() + 1, 10_000)) {
            writer.append(b);                                      // a bad value names the file's line
          }
        }
        // tour:end
      }
      assertThat(TourData.rowCount(events)).isEqualTo(100 + 50 + 30 + 20 + 2);

      // tour:5
      CompactionResult c = Compaction.binPack(events).targetFileSizeBytes(128L << 20)
          .parallelism(2).sortBy("user_id").commit();               // all file groups in one commit
      RetentionResult r = Compaction.expireSnapshots(events).maxSnapshotAge(Duration.ofDays(7))
          .minSnapshotsToKeep(5).commit();
      List<OrphanFile> orphans = Compaction.removeOrphans(events).olderThan(Duration.ofDays(3)).plan();   // dry run
      // tour:end
      assertThatThrownBy(
              () -> {
                // tour:5
                Compaction.removeNessieOrphans(floe, "ml.events").plan();   // Nessie: live if any branch or tag reaches it
                // tour:end
              })
          .hasMessageContaining("not a Nessie catalog");
      // tour:5
      Compaction.expirePartitions(events).column("event_ts").olderThan(Duration.ofDays(365)).commit();
      Compaction.tier(events).coldAfter(Duration.ofDays(90)).coldLocation("s3://cold/events")
          .coldStorageClass("STANDARD_IA").commit();
      // tour:end
      assertThat(c.toString()).isNotEmpty();
      assertThat(r.toString()).isNotEmpty();
      assertThat(orphans).isEmpty();
      assertThat(TourData.rowCount(events)).isEqualTo(202);

      Instant trainedAt = Instant.now();
      Path lockFile = Path.of("run-42.floe.lock.json");
      TourData.features(floe);
      // tour:6
      try (ArrowBatches batches = TimeTravel.read(floe, "ml.events").asOf(trainedAt)
              .select("user_id", "embedding").filter(Expressions.equal("label", "purchase"))
              .arrow(allocator)) {
        for (VectorSchemaRoot root : batches) train(root);
      }

      TrainingLock lock = TimeTravel.pin(floe, "ml.events").tag("train-run-42")
          .split(Split.by("user_id").train(0.8).validation(0.1).test(0.1).seed(42).build())
          .shuffle(7)
          .writeTo(Path.of("run-42.floe.lock.json"));

      try (BufferAllocator allocator = new RootAllocator();
           ArrowBatches batches = TimeTravel.rehydrate(floe, TrainingLock.read(lockFile))
                   .part(Split.Part.TRAIN).arrow(allocator)) {
        for (VectorSchemaRoot root : batches) train(root);   // digest checked when fully read
      }

      LockFile run = TimeTravel.pinAll(floe, List.of("ml.features@exp-1", "ml.labels@exp-1"))
          .configure("ml.features@exp-1", pin -> pin.select("id", "embedding"))
          .writeTo(Path.of("run-43.floe.lock.json"));        // one lock, several tables
      // tour:end
      assertThatThrownBy(
              () -> {
                // tour:6
                TimeTravel.read(floe, "ml.events@exp-1#9f3a61c2").threads(1);   // Nessie commit; caller's thread only
                // tour:end
              })
          .hasMessageContaining("Nessie commit hashes need nessie mode");
      assertThat(trainedRows).isGreaterThan(TourData.rowCount(events, "purchase"));
      assertThat(lock.toString()).contains("train-run-42");
      assertThat(run.toString()).contains("ml.features", "ml.labels");
    }
  }

  private void train(VectorSchemaRoot root) {
    trainedRows += root.getRowCount();
  }
}
