package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Reads one snapshot as Arrow with Floe, with Iceberg's vectorized ArrowReader and with
 * IcebergGenerics, in the same JVM and run: the event schema (flat columns, which ArrowReader
 * handles) and the embedding schema (a list column, which only Floe and generics read).
 */
final class ReadBenchmark extends NamedBenchmark {
  private static final int DAYS = 10;
  static final List<String> FLAT = List.of("id", "user_id", "event_ts", "amount", "label");

  ReadBenchmark() {
    super(
        "read", "rows/s and MB/s of Floe's Arrow read vs Iceberg ArrowReader and IcebergGenerics");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int eventRows = options.quick() ? 500_000 : 3_000_000;
    int embeddingRows = options.quick() ? 10_000 : 100_000;
    int reps = options.quick() ? 5 : 7;
    List<BenchCase> cases = new ArrayList<>();
    Trials.inWarehouse(
        options,
        "read",
        floe -> {
          Table events = table(floe, "events", eventRows, 0, options);
          Table embeddings = table(floe, "embeddings", embeddingRows, 256, options);
          String eventWork = "events, 5 flat columns, parquet";
          String embeddingWork = "embeddings 256-d, all columns, parquet";
          List<ReadSubjects.Subject> flat = new ArrayList<>(ReadSubjects.all(FLAT));
          List<ReadSubjects.Subject> all =
              new ArrayList<>(ReadSubjects.withoutArrowReader(List.of()));
          TrainingLock eventLock =
              TimeTravel.pin(floe, "bench.events")
                  .select(FLAT.toArray(new String[0]))
                  .tag("bench-events")
                  .commit();
          TrainingLock embeddingLock =
              TimeTravel.pin(floe, "bench.embeddings").tag("bench-embeddings").commit();
          flat.add(ReadSubjects.verified(floe, eventLock));
          flat.add(ReadSubjects.sha256Files());
          all.add(ReadSubjects.verified(floe, embeddingLock));
          all.add(ReadSubjects.sha256Files());
          // Warm every subject up once so the JIT does not favour whichever runs last.
          flat.forEach(s -> s.read(events, eventWork));
          all.forEach(s -> s.read(embeddings, embeddingWork));
          cases.addAll(measure(flat, events, eventWork, reps, options));
          cases.addAll(measure(all, embeddings, embeddingWork, reps, options));
        });
    Map<String, String> result = new LinkedHashMap<>();
    BenchCase embeddings = find(cases, ReadSubjects.FLOE, "embeddings");
    BenchCase verified = find(cases, ReadSubjects.FLOE_VERIFIED, "events");
    BenchCase embeddingsVerified = find(cases, ReadSubjects.FLOE_VERIFIED, "embeddings");
    BenchCase floe = find(cases, ReadSubjects.FLOE, "events");
    BenchCase arrow = find(cases, ReadSubjects.ARROW_READER, "events");
    BenchCase generics = find(cases, ReadSubjects.GENERICS, "events");
    result.put("floe_rows_per_s", Trials.whole(floe.rowsPerSecond()));
    result.put("arrowreader_rows_per_s", Trials.whole(arrow.rowsPerSecond()));
    result.put("generics_rows_per_s", Trials.whole(generics.rowsPerSecond()));
    result.put("vs_arrowreader", Trials.ratio(floe, arrow));
    result.put("vs_generics", Trials.ratio(floe, generics));
    result.put(
        "one_thread_vs_arrowreader",
        Trials.ratio(find(cases, ReadSubjects.FLOE_ONE_THREAD, "events"), arrow));
    // Goal >= 0.8: proving the read costs at most a fifth of it.
    result.put("verified_vs_unverified", Trials.ratio(verified, floe));
    result.put("embeddings_verified_vs_unverified", Trials.ratio(embeddingsVerified, embeddings));
    result.put(
        "verified_vs_sha256_files",
        Trials.ratio(verified, find(cases, ReadSubjects.SHA256_FILES, "events")));
    result.put(
        "embeddings_verified_vs_sha256_files",
        Trials.ratio(embeddingsVerified, find(cases, ReadSubjects.SHA256_FILES, "embeddings")));
    result.put(
        "embeddings_vs_generics",
        Trials.ratio(
            find(cases, ReadSubjects.FLOE, "embeddings"),
            find(cases, ReadSubjects.GENERICS, "embeddings")));
    String notes =
        String.format(
            Locale.ROOT,
            "%,d event rows and %,d embedding rows, %d daily partitions, median of %d run(s); MB/s"
                + " counts the Parquet bytes of the snapshot. Floe hands out batches in its own"
                + " allocator, in data file path order; it decodes the next files on %d worker"
                + " thread(s) (the '1 thread' case on the caller's only). ArrowReader and"
                + " generics read on one thread. 'verified' rehydrates a lock of the same snapshot:"
                + " each row group is hashed (floe-digest/2) on its decoding thread and handed out"
                + " only once it matched; 'sha256 of the parquet files' hashes each file's bytes in turn.",
            eventRows,
            embeddingRows,
            DAYS,
            reps,
            Math.min(4, Runtime.getRuntime().availableProcessors()));
    return report(options, cases, result, notes);
  }

  /** Each subject's median over {@code reps} reps; each rep starts at the next subject. */
  private static List<BenchCase> measure(
      List<ReadSubjects.Subject> subjects,
      Table table,
      String workload,
      int reps,
      BenchOptions options) {
    List<IntFunction<BenchCase>> runs =
        subjects.stream()
            .map(s -> (IntFunction<BenchCase>) rep -> s.read(table, workload))
            .toList();
    List<BenchCase> medians = Trials.medians(reps, Trials.Order.ROTATE, runs, (rep, done) -> {});
    for (BenchCase median : medians) {
      options
          .progress()
          .printf(
              Locale.ROOT,
              "%s, %s: %,.0f rows/s, %.1f MB/s%n",
              workload,
              median.subject(),
              median.rowsPerSecond(),
              median.megabytesPerSecond());
    }
    return medians;
  }

  private static Table table(Floe floe, String name, int rows, int dims, BenchOptions options) {
    options.progress().printf(Locale.ROOT, "writing %,d %s rows%n", rows, name);
    Table table =
        floe.tables()
            .createIfAbsent(
                "bench." + name,
                EventData.SCHEMA,
                PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build());
    int batch = dims == 0 ? 200_000 : 10_000;
    for (int start = 0, n = 0; start < rows; start += batch, n++) {
      List<Record> records =
          EventData.generate(start, Math.min(batch, rows - start), DAYS, dims, 7);
      GenericWriterBaseline.append(table, FileFormat.PARQUET, records, n);
    }
    return table;
  }

  private static BenchCase find(List<BenchCase> cases, String subject, String workload) {
    return cases.stream()
        .filter(c -> c.subject().equals(subject) && c.workload().startsWith(workload))
        .findFirst()
        .orElseThrow();
  }
}
