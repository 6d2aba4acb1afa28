package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableWriterTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Path warehouse;
  private Floe floe;

  @BeforeEach
  void open() {
    warehouse = temp.path();
    floe = temp.floe();
  }

  @Test
  void appendsPartitionedBatchWithProducerSummary() {
    Table table = Events.create(floe);
    try (TableWriter writer = TableWriter.forTable(table).producerId("clicks").build()) {
      AppendResult result = writer.append(Events.batch(7, 0, 100));

      table.refresh();
      Snapshot snapshot = table.currentSnapshot();
      assertThat(result.snapshotId()).isEqualTo(snapshot.snapshotId());
      assertThat(snapshot.summary())
          .containsEntry(IngestProperties.PRODUCER_ID, "clicks")
          .containsEntry(IngestProperties.BATCH_SEQUENCE, "7")
          .containsEntry("added-records", "100");
      assertThat(result.rows()).isEqualTo(100);
      assertThat(result.duplicate()).isFalse();
      assertThat(result.schemaEvolved()).isFalse();
      List<DataFile> files = dataFiles(table, snapshot);
      // 72 hours from 08:00 touch 4 days; 7 users fill all 4 buckets
      assertThat(files.size()).isEqualTo(16).isEqualTo(result.files());
      assertThat(result.bytes())
          .isEqualTo(files.stream().mapToLong(DataFile::fileSizeInBytes).sum());
      assertThat(files).allMatch(f -> f.format() == FileFormat.PARQUET);
      assertThat(Events.ids(Events.read(table)))
          .containsExactlyElementsOf(Events.ids(Events.batch(7, 0, 100).records()));
      assertThat(writer.lastCommittedSequence()).isEqualTo(7);
      WriterMetrics metrics = writer.metrics();
      assertThat(metrics)
          .isEqualTo(
              new WriterMetrics(
                  100,
                  result.bytes(),
                  16,
                  1,
                  0,
                  0,
                  0,
                  metrics.commitLatencyP50(),
                  metrics.commitLatencyP99()));
      assertThat(metrics.commitLatencyP50()).isEqualTo(result.elapsed());
    }
  }

  @Test
  void writesOrcWhenSelected() {
    Table table = Events.create(floe);
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").format(FileFormat.ORC).build()) {
      writer.append(Events.batch(0, 0, 20));
    }
    table.refresh();
    assertThat(dataFiles(table, table.currentSnapshot()))
        .isNotEmpty()
        .allMatch(f -> f.format() == FileFormat.ORC && f.location().endsWith(".orc"));
    List<Record> rows = Events.read(table);
    assertThat(Events.ids(rows)).hasSize(20);
    Record first = rows.stream().filter(r -> r.getField("id").equals(3L)).findFirst().orElseThrow();
    assertThat(first.getField("event_ts")).isEqualTo(Events.DAY_ONE.plusHours(3));
    assertThat(first.getField("embedding")).isEqualTo(List.of(3f, 0.5f, -1.25f));
  }

  @Test
  void rollsFilesAtTargetSize() {
    Table table = Events.createUnpartitioned(floe);
    // Iceberg checks the size every 1000 rows; a 1-byte target rolls at each check.
    try (TableWriter small =
            TableWriter.forTable(table).producerId("small").targetFileSizeBytes(1).build();
        TableWriter large = TableWriter.forTable(table).producerId("large").build()) {
      assertThat(small.append(Events.batch(0, 0, 3000)).files()).isEqualTo(3);
      assertThat(large.append(Events.batch(0, 3000, 3000)).files()).isEqualTo(1);
    }
    assertThat(Events.read(table)).hasSize(6000);
  }

  @Test
  void rollsFilesAtTheTablesTargetSizeIcebergsKeyFirst() {
    Table table = Events.createUnpartitioned(floe);
    assertThat(IngestProperties.TARGET_FILE_SIZE_BYTES).isEqualTo("write.target-file-size-bytes");
    table.updateProperties().set(IngestProperties.TARGET_FILE_SIZE_BYTES, "1").commit();
    assertThat(filesOf3000Rows(table, "iceberg")).isEqualTo(3);
    // Floe's deprecated ingest key still works when Iceberg's is not set, and yields to it.
    table.updateProperties().remove(IngestProperties.TARGET_FILE_SIZE_BYTES).commit();
    table.updateProperties().set("floe.ingest.target-file-size-bytes", "1").commit();
    assertThat(filesOf3000Rows(table, "alias")).isEqualTo(3);
    table.updateProperties().set(IngestProperties.TARGET_FILE_SIZE_BYTES, "134217728").commit();
    assertThat(filesOf3000Rows(table, "both")).isEqualTo(1);
  }

  private static int filesOf3000Rows(Table table, String producer) {
    try (TableWriter writer = TableWriter.forTable(table).producerId(producer).build()) {
      return writer.append(Events.batch(0, 0, 3000)).files();
    }
  }

  @Test
  void appendsToBranchWithoutTouchingMain() {
    Table table = Events.create(floe);
    try (TableWriter main = TableWriter.forTable(table).producerId("p").build()) {
      main.append(Events.batch(0, 0, 10));
    }
    table.refresh();
    long mainHead = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", mainHead).commit();

    try (TableWriter exp = TableWriter.forTable(table).toBranch("exp").producerId("p").build()) {
      assertThat(exp.lastCommittedSequence()).isEqualTo(0); // inherited from main's history
      AppendResult result = exp.append(Events.batch(1, 100, 5));
      assertThat(result.duplicate()).isFalse();

      table.refresh();
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainHead);
      assertThat(table.snapshot("exp").snapshotId()).isEqualTo(result.snapshotId());
      assertThat(table.snapshot("exp").parentId()).isEqualTo(mainHead);
      assertThat(Events.read(table)).hasSize(10);
      assertThat(Events.readSnapshot(table, result.snapshotId())).hasSize(15);
    }
  }

  @Test
  void embeddingListColumnRoundTrips() {
    Table table = Events.create(floe);
    List<Record> records = new ArrayList<>();
    for (long id = 0; id < 4; id++) {
      Record record = Events.row(Events.SCHEMA, id);
      List<Float> embedding = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        embedding.add(id + i / 64f);
      }
      embedding.set(5, null); // optional elements keep their nulls
      record.setField("embedding", id == 3 ? null : embedding);
      records.add(record);
    }
    try (TableWriter writer = TableWriter.forTable(table).producerId("emb").build()) {
      writer.append(Batch.of(0, Events.SCHEMA, records));
    }
    List<Record> rows = Events.read(table);
    for (Record original : records) {
      Record read =
          rows.stream()
              .filter(r -> r.getField("id").equals(original.getField("id")))
              .findFirst()
              .orElseThrow();
      assertThat(read.getField("embedding")).isEqualTo(original.getField("embedding"));
    }
  }

  @Test
  void rejectsNullInRequiredColumnAndCommitsNothing() throws IOException {
    Table table = Events.create(floe);
    List<Record> records = new ArrayList<>(Events.batch(3, 0, 2500).records());
    records.get(2042).setField("id", null);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 10_000, 5));
      table.refresh();
      int snapshots = size(table.snapshots());

      assertThatThrownBy(() -> writer.append(Batch.of(3, Events.SCHEMA, records)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessage(
              "Cannot append batch 3 of producer p: row 2042 column 'id' is null but the column"
                  + " is required");

      table.refresh();
      assertThat(size(table.snapshots())).isEqualTo(snapshots);
      assertThat(writer.lastCommittedSequence()).isEqualTo(0);
      // The rows before 2042 were already in files: those files are gone again.
      assertThat(dataFilesOnDisk()).hasSize(dataFiles(table, table.currentSnapshot()).size());
    }
  }

  @Test
  void rejectsValueOfWrongJavaType() {
    Table table = Events.create(floe);
    List<Record> records = new ArrayList<>(Events.batch(0, 0, 3).records());
    records.get(1).set(1, "forty-two"); // user_id is a long column
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      assertThatThrownBy(() -> writer.append(Batch.of(0, Events.SCHEMA, records)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining("batch 0 of producer p: row 1 column 'user_id'")
          .hasMessageContaining("java.lang.String value, expected java.lang.Long");
    }
    table.refresh();
    assertThat(table.currentSnapshot()).isNull();
  }

  private static List<DataFile> dataFiles(Table table, Snapshot snapshot) {
    List<DataFile> files = new ArrayList<>();
    SnapshotChanges.builderFor(table)
        .snapshot(snapshot)
        .build()
        .addedDataFiles()
        .forEach(files::add);
    return files;
  }

  private List<Path> dataFilesOnDisk() throws IOException {
    try (Stream<Path> paths = Files.walk(warehouse)) {
      return paths.filter(p -> p.toString().contains("/data/") && Files.isRegularFile(p)).toList();
    }
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
