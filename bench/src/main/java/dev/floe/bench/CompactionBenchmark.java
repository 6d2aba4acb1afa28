package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Floe's compaction against a hand-written rewrite with Iceberg generics, on the same 1,000 small
 * Parquet files of event rows (10 day partitions), in the same run. Both sides start from a fresh
 * table that lists the same input files, so neither reads warmer metadata.
 */
final class CompactionBenchmark extends NamedBenchmark {
  private static final int DAYS = 10;
  private static final int FILES = 1_000;
  private static final PartitionSpec SPEC =
      PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build();

  CompactionBenchmark() {
    super(
        "compaction",
        "MB/s and files/s compacting 1,000 small files: Floe vs a hand-written generic rewrite");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 200_000 : 1_000_000;
    int reps = options.quick() ? 1 : 3;
    List<BenchCase> cases = new ArrayList<>();
    Trials.inWarehouse(
        options,
        "compaction",
        floe -> {
          options
              .progress()
              .printf(Locale.ROOT, "writing %,d rows as %,d small files%n", rows, FILES);
          List<DataFile> inputs = smallFiles(table(floe, "inputs"), rows);
          // Warm both paths up so the JIT does not favour whichever runs second.
          Compaction.binPack(table(floe, "warm_floe", inputs.subList(0, 50))).commit();
          CompactionBaseline.rewrite(
              table(floe, "warm_base", inputs.subList(0, 50)), FileFormat.PARQUET);

          String workload =
              String.format(Locale.ROOT, "%,d rows in %,d files", rows, inputs.size());
          cases.addAll(
              Trials.medians(
                  reps,
                  Trials.Order.ALTERNATE,
                  List.of(
                      rep -> baselineRun(table(floe, "base_" + rep, inputs), workload, rows),
                      rep -> floeRun(table(floe, "floe_" + rep, inputs), workload, rows)),
                  (rep, runs) ->
                      options
                          .progress()
                          .printf(
                              Locale.ROOT,
                              "rep %d: baseline %.2f s, floe %.2f s%n",
                              rep + 1,
                              runs.get(0).seconds(),
                              runs.get(1).seconds())));
        });

    BenchCase base = cases.get(0);
    BenchCase floe = cases.get(1);
    Map<String, String> result = new LinkedHashMap<>();
    result.put("floe_seconds", Trials.hundredths(floe.seconds()));
    result.put("baseline_seconds", Trials.hundredths(base.seconds()));
    result.put("floe_mb_per_s", Trials.tenths(floe.megabytesPerSecond()));
    result.put("floe_files_per_s", Trials.whole(FILES / floe.seconds()));
    result.put("baseline_files_per_s", Trials.whole(FILES / base.seconds()));
    result.put("speedup", Trials.hundredths(base.seconds() / floe.seconds()));
    String notes =
        String.format(
            Locale.ROOT,
            "%,d event rows in %,d Parquet files over %d day partitions, compacted to 128 MiB"
                + " targets; floe at parallelism 2, baseline single-threaded; median of %d run(s)."
                + " Includes planning and commit.",
            rows,
            FILES,
            DAYS,
            reps);
    return report(options, cases, result, notes);
  }

  private static BenchCase floeRun(Table table, String workload, int rows) {
    long start = System.nanoTime();
    CompactionResult r = Compaction.binPack(table).parallelism(2).commit();
    double seconds = Trials.secondsSince(start);
    Preconditions.checkState(r.complete(), "Floe compaction did not rewrite every file: %s", r);
    return new BenchCase("floe compaction", workload, rows, r.rewrittenBytes(), seconds);
  }

  private static BenchCase baselineRun(Table table, String workload, int rows) {
    long start = System.nanoTime();
    long bytes = CompactionBaseline.rewrite(table, FileFormat.PARQUET);
    return new BenchCase(
        "iceberg generics rewrite", workload, rows, bytes, Trials.secondsSince(start));
  }

  /** Writes the rows as {@link #FILES} files (a tenth of the rows' days per batch); no commit. */
  private static List<DataFile> smallFiles(Table table, int rows) {
    int batches = FILES / DAYS;
    int batchRows = rows / batches;
    List<DataFile> files = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Record> rowsOfBatch = EventData.generate((long) b * batchRows, batchRows, DAYS, 0, 7);
      files.addAll(GenericWriterBaseline.write(table, FileFormat.PARQUET, b, rowsOfBatch));
    }
    return files;
  }

  private static Table table(Floe floe, String name) {
    return floe.tables()
        .createIfAbsent(
            "bench_compaction." + name,
            EventData.SCHEMA,
            SPEC,
            Map.of("write.format.default", "parquet"));
  }

  /** A fresh table listing {@code files} (written once, shared: compaction never deletes them). */
  private static Table table(Floe floe, String name, List<DataFile> files) {
    Table table = table(floe, name);
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    return table;
  }
}
