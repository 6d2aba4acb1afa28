package dev.floe.cli;

import dev.floe.bench.EventData;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.EvolutionPolicy;
import dev.floe.ingest.TableWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** Steps 1-5 of the demo: table, ingest, schema evolution, rejection, experiment branch. */
final class DemoRun {
  static final String TABLE = "demo.events";
  static final String RUNS_PROPERTY = "floe.demo.runs";
  static final int DAYS = 10;
  static final int DIMS = 16;

  final Floe floe;
  final DemoReport report;
  private final int producers;
  private final int batches;
  private final int rows;
  Table table;
  int run;

  DemoRun(Floe floe, DemoReport report, int producers, int batches, int rows) {
    this.floe = floe;
    this.report = report;
    this.producers = producers;
    this.batches = batches;
    this.rows = rows;
  }

  void run() {
    open();
    ingest();
    evolve();
    reject();
    experiment();
    DemoMaintenance maintenance = new DemoMaintenance(this);
    maintenance.compact();
    maintenance.expire();
    maintenance.rehydrate(maintenance.pin());
  }

  private void open() {
    report.step("Open the lakehouse and the events table");
    report.line(
        "warehouse %s (%s catalog)",
        floe.config().localWarehouse() != null
            ? floe.config().localWarehouse()
            : floe.config().warehouse(),
        floe.config().mode().name().toLowerCase(java.util.Locale.ROOT));
    boolean existed = floe.tables().exists(TABLE);
    table =
        floe.tables()
            .createIfAbsent(
                TABLE, EventData.SCHEMA, EventData.SPEC, Map.of("write.format.default", "parquet"));
    run = Integer.parseInt(table.properties().getOrDefault(RUNS_PROPERTY, "0")) + 1;
    table.updateProperties().set(RUNS_PROPERTY, Integer.toString(run)).commit();
    if (existed) {
      report.line(
          "found %s from %d earlier run(s): %s rows, %s files, %d snapshots, refs %s",
          TABLE,
          run - 1,
          Format.count(rows(SnapshotRef.MAIN_BRANCH)),
          Format.count(Summaries.total(table.currentSnapshot(), "total-data-files")),
          size(table.snapshots()),
          new java.util.TreeSet<>(table.refs().keySet()));
    } else {
      report.line("created %s, partitioned by %s", TABLE, partitioning(table));
    }
    report.line("this is run %d", run);
    report.check(
        table.spec().fields().size() == EventData.SPEC.fields().size(),
        "table is partitioned by day(event_ts) and bucket(user_id, 16)");
    report.done();
  }

  private void ingest() {
    report.step(String.format("Ingest from %d producer threads", producers));
    long before = rows(SnapshotRef.MAIN_BRANCH);
    long start = System.nanoTime();
    List<AppendResult> results = new ArrayList<>();
    List<Long> lastSequences = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    try {
      List<Future<List<AppendResult>>> futures = new ArrayList<>();
      for (int p = 1; p <= producers; p++) {
        int producer = p;
        futures.add(pool.submit(() -> produce(producer, lastSequences, retries)));
      }
      for (Future<List<AppendResult>> f : futures) {
        results.addAll(f.get());
      }
    } catch (Exception e) {
      throw new IllegalStateException("A producer failed: " + FloeCli.oneLine(e), e);
    } finally {
      pool.shutdownNow();
    }
    table.refresh();
    long written = (long) producers * batches * rows;
    long files = results.stream().mapToLong(AppendResult::files).sum();
    long bytes = results.stream().mapToLong(AppendResult::bytes).sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    report.line(
        "%d producers x %d batches x %s rows = %s rows in %.1f s (%s rows/s)",
        producers,
        batches,
        Format.count(rows),
        Format.count(written),
        seconds,
        Format.count((long) (written / seconds)));
    report.line(
        "%d commits (%d retried after a conflict), %s data files, %s of Parquet",
        results.size(), retries.get(), Format.count(files), Format.bytes(bytes));
    report.line(
        "about %s rows per file across the partitions: the small-file problem step 6 fixes",
        Format.count(written / Math.max(1, files)));
    report.check(
        results.size() == producers * batches
            && results.stream().noneMatch(AppendResult::duplicate),
        "every batch committed exactly once");
    report.check(
        rows(SnapshotRef.MAIN_BRANCH) == before + written,
        String.format("main grew by exactly %s rows", Format.count(written)));
    report.check(
        lastSequences.size() == producers && lastSequences.stream().allMatch(s -> s == batches - 1),
        "each producer can ask the table for its last committed batch sequence");
    report.done();
  }

  private List<AppendResult> produce(
      int producer, List<Long> lastSequences, java.util.concurrent.atomic.AtomicLong retries) {
    List<AppendResult> results = new ArrayList<>();
    Table own = floe.tables().load(TABLE);
    try (TableWriter writer =
        TableWriter.forTable(own)
            .producerId("producer-" + producer)
            .format(FileFormat.PARQUET)
            .build()) {
      long first = writer.lastCommittedSequence() + 1;
      for (int b = 0; b < batches; b++) {
        long firstId = ((long) run << 40) + ((long) producer << 32) + (long) b * rows;
        List<Record> records = EventData.generate(firstId, rows, DAYS, DIMS, run * 31L + producer);
        results.add(writer.append(Batch.of(first + b, EventData.SCHEMA, records)));
      }
      retries.addAndGet(writer.metrics().retries());
      synchronized (lastSequences) {
        lastSequences.add(writer.lastCommittedSequence() - first);
      }
    }
    return results;
  }

  private void evolve() {
    report.step("Schema evolution: a batch with a new optional column is accepted");
    boolean hadDevice = table.schema().findField("device") != null;
    int schemaBefore = table.schema().schemaId();
    Schema withDevice =
        new Schema(
            append(
                EventData.SCHEMA,
                Types.NestedField.optional(100, "device", Types.StringType.get())));
    List<Record> records =
        reshape(
            sample(1),
            withDevice,
            r -> {
              r.setField("device", ((Long) r.getField("id")) % 2 == 0 ? "ios" : "android");
              return r;
            });
    AppendResult result;
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("enricher-run-" + run)
            .evolution(EvolutionPolicy.ADD_COLUMNS)
            .build()) {
      result = writer.append(Batch.of(0, withDevice, records));
    }
    table.refresh();
    Types.NestedField device = table.schema().findField("device");
    if (hadDevice) {
      report.line(
          "column device was already added by an earlier run: schema id stays %d",
          table.schema().schemaId());
    } else {
      report.line(
          "added optional column device (string): schema id %d -> %d",
          schemaBefore, table.schema().schemaId());
    }
    report.check(device != null && device.isOptional(), "table schema has optional column device");
    report.check(
        result.rows() == records.size() && result.schemaEvolved() != hadDevice,
        String.format(
            "batch of %s rows committed with the schema change in one snapshot (%d)",
            Format.count(records.size()), result.snapshotId()));
    report.done();
  }

  private void reject() {
    report.step("Bad batches are rejected whole, with the column and rule named");
    long snapshotBefore = table.currentSnapshot().snapshotId();
    Schema amountAsText =
        new Schema(
            EventData.SCHEMA.columns().stream()
                .map(
                    f ->
                        f.name().equals("amount")
                            ? Types.NestedField.optional(
                                f.fieldId(), "amount", Types.StringType.get())
                            : f)
                .toList());
    List<Record> typed =
        reshape(
            sample(2),
            amountAsText,
            r -> {
              r.setField("amount", "12.50 EUR");
              return r;
            });
    Schema userOptional =
        new Schema(
            EventData.SCHEMA.columns().stream()
                .map(f -> f.name().equals("user_id") ? f.asOptional() : f)
                .toList());
    List<Record> nulls = reshape(sample(3), userOptional, r -> r);
    nulls.get(7).setField("user_id", null);
    rejects("incompatible type", Batch.of(0, amountAsText, typed));
    rejects("null in a required column", Batch.of(1, userOptional, nulls));
    table.refresh();
    report.check(
        table.currentSnapshot().snapshotId() == snapshotBefore,
        "nothing was committed: main is unchanged");
    report.done();
  }

  private void rejects(String what, Batch batch) {
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("bad-producer-run-" + run)
            .evolution(EvolutionPolicy.ADD_AND_WIDEN)
            .build()) {
      writer.append(batch);
      report.check(false, what + ": batch was rejected");
    } catch (SchemaEvolutionException e) {
      report.line("rejected: %s", e.getMessage());
      report.check(true, what + ": batch was rejected");
    }
  }

  private void experiment() {
    String name = "exp-relabel-run-" + run;
    report.step("Experiment branch " + name + ": writes there leave main untouched");
    long mainSnapshot = table.currentSnapshot().snapshotId();
    long mainRows = rows(SnapshotRef.MAIN_BRANCH);
    floe.experiments()
        .create(name)
        .from("main")
        .purpose("relabel purchases with model v2")
        .tables(TABLE)
        .commit();
    List<Record> relabelled = sample(4);
    relabelled.forEach(r -> r.setField("label", "purchase-v2"));
    try (TableWriter writer =
        TableWriter.forTable(table).toBranch(name).producerId("experimenter").build()) {
      writer.append(Batch.of(run, EventData.SCHEMA, relabelled));
    }
    table.refresh();
    report.line(
        "branch %s: %s rows; main: %s rows; %d experiment branch(es) in the catalog",
        name,
        Format.count(rows(name)),
        Format.count(rows(SnapshotRef.MAIN_BRANCH)),
        floe.experiments().list().size());
    report.check(
        table.currentSnapshot().snapshotId() == mainSnapshot
            && rows(SnapshotRef.MAIN_BRANCH) == mainRows,
        "main is unchanged");
    report.check(
        rows(name) == mainRows + relabelled.size(),
        "the branch has main's rows plus the experiment's batch");
    report.done();
  }

  static String partitioning(Table table) {
    return table.spec().fields().stream()
        .map(f -> f.transform() + "(" + table.schema().findColumnName(f.sourceId()) + ")")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  long rows(String ref) {
    return Summaries.total(table.snapshot(ref), "total-records");
  }

  private List<Record> sample(int salt) {
    long firstId = ((long) run << 40) + (0xFFL << 32) + salt * 1_000_000L;
    return EventData.generate(firstId, 1000, DAYS, DIMS, run * 97L + salt);
  }

  private static List<Record> reshape(
      List<Record> rows, Schema schema, UnaryOperator<Record> edit) {
    List<Record> out = new ArrayList<>(rows.size());
    for (Record row : rows) {
      GenericRecord copy = GenericRecord.create(schema);
      for (Types.NestedField field : schema.columns()) {
        if (row.struct().field(field.name()) != null
            && field.type().equals(EventData.SCHEMA.findType(field.name()))) {
          copy.setField(field.name(), row.getField(field.name()));
        }
      }
      out.add(edit.apply(copy));
    }
    return out;
  }

  private static List<Types.NestedField> append(Schema schema, Types.NestedField field) {
    List<Types.NestedField> fields = new ArrayList<>(schema.columns());
    fields.add(field);
    return fields;
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
