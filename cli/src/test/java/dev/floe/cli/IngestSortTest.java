package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.TableSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ingest --sort-by}, and the table's own sort order by default. */
class IngestSortTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "team", Types.StringType.get()));

  @TempDir Path dir;

  @Test
  void sortsEachFileByTheTablesOrderAndDeclaresItsId() throws IOException {
    Path warehouse = table("id", 2);
    Path file = shuffled(1, 1_000);

    // Small batches: every data file is filled from many of them, in input order.
    CliRun run = ingest(warehouse, file, "--batch-rows", "37");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Sorted as written: no rewrite, so one snapshot for the one group commit.
    assertThat(run.out()).contains("sorted by id asc nulls first").contains("1 snapshot(s)");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      List<DataFile> files = files(table);
      assertThat(files).hasSizeGreaterThan(1); // one per bucket
      for (DataFile data : files) {
        List<Long> ids = ids(table, data);
        assertThat(ids).hasSizeGreaterThan(100).isSorted();
        assertThat(data.sortOrderId()).isEqualTo(table.sortOrder().orderId()).isNotZero();
      }
      assertThat(files.stream().mapToLong(f -> ids(table, f).size()).sum()).isEqualTo(1_000);
      assertThat(table.snapshots()).hasSize(1);
    }
    assertThat(ingest(warehouse, file).out()).contains("already ingested");
  }

  @Test
  void sortByOrdersTheFilesOfThisRunOnly() throws IOException {
    Path warehouse = table(null, 1);
    Path file = shuffled(1, 500);

    CliRun run = ingest(warehouse, file, "--batch-rows", "50", "--sort-by", "team, id desc");

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      assertThat(table.sortOrder().isUnsorted()).isTrue(); // the table is left as it was
      List<DataFile> files = files(table);
      assertThat(files).hasSize(1);
      List<Record> rows = rows(table, files.get(0));
      Comparator<Record> order =
          Comparator.comparing((Record r) -> (String) r.getField("team"))
              .thenComparing(r -> -(Long) r.getField("id"));
      assertThat(rows).hasSize(500).isSortedAccordingTo(order);
      // Not one of the table's orders: the file makes no claim.
      assertThat(files.get(0).sortOrderId()).isZero();
    }
  }

  @Test
  void sortByNoneLeavesTheInputOrder() throws IOException {
    Path warehouse = table("id", 1);
    Path file = shuffled(1, 300);

    CliRun run = ingest(warehouse, file, "--sort-by", "none");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("sorted by").contains("1 snapshot(s)");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      assertThat(ids(table, files(table).get(0))).isNotEqualTo(range(1, 300));
    }
  }

  @Test
  void aSortColumnTheTableLacksIsAUsageError() throws IOException {
    Path warehouse = table(null, 1);

    CliRun run = ingest(warehouse, shuffled(1, 5), "--sort-by", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      assertThat(floe.tables().load("db.t").currentSnapshot()).isNull();
    }
  }

  private Path table(String sortBy, int buckets) {
    Path warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      PartitionSpec spec =
          buckets > 1
              ? PartitionSpec.builderFor(SCHEMA).bucket("id", buckets).build()
              : PartitionSpec.unpartitioned();
      SortOrder order =
          sortBy == null ? SortOrder.unsorted() : TableSpecs.sortOrder(SCHEMA, sortBy);
      floe.tables().create("db.t", SCHEMA, spec, order, Map.of());
    }
    return warehouse;
  }

  private Path shuffled(long firstId, long lastId) throws IOException {
    List<Long> ids = new ArrayList<>(range(firstId, lastId));
    Collections.shuffle(ids, new Random(14));
    String text =
        ids.stream()
            .map(id -> "{\"id\": " + id + ", \"team\": \"t" + id % 3 + "\"}\n")
            .collect(Collectors.joining());
    return Files.writeString(dir.resolve("in.jsonl"), text);
  }

  private static CliRun ingest(Path warehouse, Path file, String... options) {
    List<String> args =
        new ArrayList<>(List.of("ingest", "db.t", file.toString(), "-w", warehouse.toString()));
    args.addAll(List.of(options));
    return CliRun.floe(args.toArray(String[]::new));
  }

  private static List<DataFile> files(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private static List<Record> rows(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        FormatModelRegistry.<Record, Object>readBuilder(
                file.format(), Record.class, table.io().newInputFile(file))
            .project(table.schema())
            .build()) {
      read.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rows;
  }

  private static List<Long> ids(Table table, DataFile file) {
    return rows(table, file).stream().map(r -> (Long) r.getField("id")).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
