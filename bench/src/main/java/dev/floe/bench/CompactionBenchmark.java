package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Floe's compaction against a hand-written rewrite with Iceberg generics, on the same 1,000 small
 * Parquet files of event rows (10 day partitions), in the same run. Both sides start from a fresh
 * table that lists the same input files, so neither reads warmer metadata.
 */
final class CompactionBenchmark implements Benchmark {
  private static final int DAYS = 10;
  private static final int FILES = 1_000;
  private static final PartitionSpec SPEC =
      PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build();

  @Override
  public String name() {
    return "compaction";
  }

  @Override
  public String description() {
    return "MB/s and files/s compacting 1,000 small files: Floe vs a hand-written generic rewrite";
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 200_000 : 1_000_000;
    int reps = options.quick() ? 1 : 3;
    Path warehouse = Scratch.create(options.workDir(), "compaction");
    List<BenchCase> cases = new ArrayList<>();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      options.progress().printf(Locale.ROOT, "writing %,d rows as %,d small files%n", rows, FILES);
      List<DataFile> inputs = smallFiles(table(floe, "inputs"), rows);
      // Warm both paths up so the JIT does not favour whichever runs second.
      Compaction.binPack(table(floe, "warm_floe", inputs.subList(0, 50))).commit();
      CompactionBaseline.rewrite(
          table(floe, "warm_base", inputs.subList(0, 50)), FileFormat.PARQUET);

      String workload = String.format(Locale.ROOT, "%,d rows in %,d files", rows, inputs.size());
      List<BenchCase> baseline = new ArrayList<>();
      List<BenchCase> floeCases = new ArrayList<>();
      for (int rep = 0; rep < reps; rep++) {
        boolean floeFirst = rep % 2 == 1;
        if (floeFirst) {
          floeCases.add(floeRun(table(floe, "floe_" + rep, inputs), workload, rows));
        }
        baseline.add(baselineRun(table(floe, "base_" + rep, inputs), workload, rows));
        if (!floeFirst) {
          floeCases.add(floeRun(table(floe, "floe_" + rep, inputs), workload, rows));
        }
        options
            .progress()
            .printf(
                Locale.ROOT,
                "rep %d: baseline %.2f s, floe %.2f s%n",
                rep + 1,
                baseline.get(rep).seconds(),
                floeCases.get(rep).seconds());
      }
      cases.add(median(baseline));
      cases.add(median(floeCases));
    } finally {
      Scratch.delete(warehouse);
    }

    BenchCase base = cases.get(0);
    BenchCase floe = cases.get(1);
    Map<String, String> result = new LinkedHashMap<>();
    result.put("floe_seconds", String.format(Locale.ROOT, "%.2f", floe.seconds()));
    result.put("baseline_seconds", String.format(Locale.ROOT, "%.2f", base.seconds()));
    result.put("floe_mb_per_s", String.format(Locale.ROOT, "%.1f", floe.megabytesPerSecond()));
    result.put("floe_files_per_s", String.format(Locale.ROOT, "%.0f", FILES / floe.seconds()));
    result.put("baseline_files_per_s", String.format(Locale.ROOT, "%.0f", FILES / base.seconds()));
    result.put("speedup", String.format(Locale.ROOT, "%.2f", base.seconds() / floe.seconds()));
    return new BenchReport(
        name(),
        options.quick(),
        cases,
        result,
        String.format(
            Locale.ROOT,
            "%,d event rows in %,d Parquet files over %d day partitions, compacted to 128 MiB"
                + " targets; floe at parallelism 2, baseline single-threaded; median of %d run(s)."
                + " Includes planning and commit.",
            rows,
            FILES,
            DAYS,
            reps));
  }

  private static BenchCase floeRun(Table table, String workload, int rows) {
    long start = System.nanoTime();
    CompactionResult r = Compaction.binPack(table).parallelism(2).commit();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!r.complete()) {
      throw new IllegalStateException("Floe compaction did not rewrite every file: " + r);
    }
    return new BenchCase("floe compaction", workload, rows, r.rewrittenBytes(), seconds);
  }

  private static BenchCase baselineRun(Table table, String workload, int rows) {
    long start = System.nanoTime();
    long bytes = CompactionBaseline.rewrite(table, FileFormat.PARQUET);
    return new BenchCase(
        "iceberg generics rewrite", workload, rows, bytes, (System.nanoTime() - start) / 1e9);
  }

  /** Writes the rows as {@link #FILES} files (a tenth of the rows' days per batch); no commit. */
  private static List<DataFile> smallFiles(Table table, int rows) {
    int batches = FILES / DAYS;
    int batchRows = rows / batches;
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    List<DataFile> files = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      OutputFileFactory out = OutputFileFactory.builderFor(table, 1, b).build();
      FanoutDataWriter<Record> writer = new FanoutDataWriter<>(writers, out, table.io(), 1L << 30);
      try (writer) {
        for (Record row : EventData.generate((long) b * batchRows, batchRows, DAYS, 0, 7)) {
          key.partition(wrapper.wrap(row));
          writer.write(row, table.spec(), key);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      files.addAll(writer.result().dataFiles());
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

  private static BenchCase median(List<BenchCase> runs) {
    List<BenchCase> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
    return sorted.get(sorted.size() / 2);
  }
}
