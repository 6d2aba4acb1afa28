package dev.floe.cli;

import dev.floe.bench.EventData;
import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.IngestProperties;
import dev.floe.ingest.TableWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

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
    DemoSchemaSteps schemaSteps = new DemoSchemaSteps(this);
    schemaSteps.evolve();
    schemaSteps.reject();
    experiment();
    new DemoAudit(this).run();
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
    // Profiles of every commit: the audit step's drift rule compares a staged batch with main's.
    table
        .updateProperties()
        .set(RUNS_PROPERTY, Integer.toString(run))
        .set(IngestProperties.PROFILE_ENABLED, "true")
        .commit();
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
        "about %s rows per file across the partitions: the small-file problem step 7 fixes",
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
    // demo.events@<name>: an Iceberg branch of the table, or in nessie mode the Nessie branch.
    ResolvedTable onBranch = floe.tables().resolve(TABLE + "@" + name);
    try (TableWriter writer = TableWriter.forTable(onBranch).producerId("experimenter").build()) {
      writer.append(Batch.of(run, EventData.SCHEMA, relabelled));
    }
    table.refresh();
    onBranch.table().refresh();
    long branchRows = Summaries.total(onBranch.snapshot(), "total-records");
    report.line(
        "branch %s: %s rows; main: %s rows; %d experiment branch(es) in the catalog",
        name,
        Format.count(branchRows),
        Format.count(rows(SnapshotRef.MAIN_BRANCH)),
        floe.experiments().list().size());
    report.check(
        table.currentSnapshot().snapshotId() == mainSnapshot
            && rows(SnapshotRef.MAIN_BRANCH) == mainRows,
        "main is unchanged");
    report.check(
        branchRows == mainRows + relabelled.size(),
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

  List<Record> sample(int salt) {
    long firstId = ((long) run << 40) + (0xFFL << 32) + salt * 1_000_000L;
    return EventData.generate(firstId, 1000, DAYS, DIMS, run * 97L + salt);
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
