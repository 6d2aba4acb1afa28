package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.gaul.s3proxy.S3Proxy;

/**
 * Ingest throughput to an S3 warehouse vs a local one: the same generated event rows (160
 * partitions) written by Floe's {@link TableWriter}, a commit per batch, into two embedded catalogs
 * whose databases are both on local disk; only where the files go differs. The S3 side is an
 * in-process S3Proxy on 127.0.0.1, or the user's S3 with {@link BenchOptions#s3Config()}.
 */
final class S3VsLocalIngest {
  static final String LOCAL = "floe TableWriter, local warehouse";
  static final String S3 = "floe TableWriter, S3 warehouse";
  private static final int DAYS = 10;
  private static final long SEED = 42;

  private S3VsLocalIngest() {}

  /** {@code rows} in batches of {@code batchRows} (a commit each), {@code reps} runs per side. */
  record Sizes(int rows, int batchRows, int reps) {
    Sizes {
      Preconditions.checkArgument(
          rows > 0 && batchRows > 0 && reps > 0,
          "Invalid S3 vs local sizes: rows %s, batch rows %s and reps %s must be positive",
          rows,
          batchRows,
          reps);
    }

    static Sizes of(boolean quick) {
      // An S3 PUT per file makes the cost mostly files, i.e. commits x 160 partitions: quick
      // keeps one commit per run (plus the warmup) to stay within a few seconds.
      return quick ? new Sizes(20_000, 20_000, 2) : new Sizes(500_000, 100_000, 5);
    }
  }

  /** The median case of each side (local first), the {@code RESULT} keys and what ran. */
  record Outcome(List<BenchCase> cases, Map<String, String> result, String notes) {
    Outcome {
      cases = List.copyOf(cases);
      result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
      Objects.requireNonNull(notes, "notes");
    }
  }

  static Outcome run(BenchOptions options, Sizes sizes) {
    Path scratch = Scratch.create(options.workDir(), "s3-vs-local");
    try {
      Path dbDir = Scratch.create(scratch, "s3-db");
      if (options.s3Config() != null) {
        FloeConfig s3 = userS3(options.s3Config(), dbDir);
        String server =
            String.format(
                "the user's S3 endpoint %s (warehouse %s, from %s)",
                FloeConfig.redactUri(s3.get("s3.endpoint", "AWS default")),
                FloeConfig.redactUri(s3.warehouse()),
                options.s3Config());
        return compare(options, sizes, scratch, s3, server, true);
      }
      try (LocalS3 s3 = LocalS3.start(scratch.resolve("s3-store"))) {
        String version = S3Proxy.class.getPackage().getImplementationVersion();
        String server =
            String.format(
                "an in-process S3Proxy%s (filesystem blob store on the same local disk) at %s,"
                    + " sharing this JVM's CPU cores with the writer",
                version == null ? "" : " " + version, s3.endpoint());
        FloeConfig config =
            FloeConfig.builder().setAll(s3.embeddedConfig("warehouse", dbDir)).build();
        return compare(options, sizes, scratch, config, server, false);
      }
    } finally {
      Scratch.delete(scratch);
    }
  }

  /**
   * The user's file in embedded mode with the database in {@code dbDir}, under a fresh prefix of
   * its warehouse so runs never share tables.
   */
  private static FloeConfig userS3(Path file, Path dbDir) {
    FloeConfig given = FloeConfig.builder().file(file).build();
    String warehouse = given.warehouse();
    if (!warehouse.startsWith("s3://")) {
      throw new InvalidConfigException(
          "Invalid --s3-config %s: %s must be an s3://bucket/prefix URI, not '%s'",
          file, FloeProperties.WAREHOUSE, FloeConfig.redactUri(warehouse));
    }
    String run =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    return given
        .with(FloeProperties.CATALOG_MODE, "embedded")
        .with(FloeProperties.EMBEDDED_DB_DIR, dbDir.toAbsolutePath().toString())
        .with(FloeProperties.WAREHOUSE, warehouse.replaceAll("/+$", "") + "/floe-bench-" + run);
  }

  private static Outcome compare(
      BenchOptions options,
      Sizes sizes,
      Path scratch,
      FloeConfig s3Config,
      String server,
      boolean purge) {
    options.progress().println("S3 vs local: S3 side is " + server);
    options.progress().printf(Locale.ROOT, "S3 vs local: generating %,d event rows%n", sizes.rows);
    List<List<Record>> batches = new ArrayList<>();
    for (int start = 0; start < sizes.rows; start += sizes.batchRows) {
      int count = Math.min(sizes.batchRows, sizes.rows - start);
      batches.add(EventData.generate(start, count, DAYS, 0, SEED));
    }
    String workload = "events 160 partitions parquet, a commit per batch";
    List<BenchCase> medians;
    List<String> s3Tables = new ArrayList<>();
    try (Floe localFloe = Floe.open(FloeConfig.embedded(Scratch.create(scratch, "local")));
        Floe s3Floe = Floe.open(s3Config)) {
      try {
        // Warm both sides up (JIT, HTTP connections, the catalogs' first commits) with a batch's
        // rows on one day: 16 partitions, so a tenth of the files a measured commit PUTs.
        List<List<Record>> warmup = List.of(EventData.generate(0, sizes.batchRows, 1, 0, SEED));
        ingest(localFloe, "warmup", LOCAL, workload, warmup);
        s3Tables.add("warmup");
        ingest(s3Floe, "warmup", S3, workload, warmup);
        medians =
            Trials.medians(
                sizes.reps,
                Trials.Order.ALTERNATE,
                List.of(
                    rep -> ingest(localFloe, "local_" + rep, LOCAL, workload, batches),
                    rep -> {
                      s3Tables.add("s3_" + rep);
                      return ingest(s3Floe, "s3_" + rep, S3, workload, batches);
                    }),
                (rep, runs) ->
                    options
                        .progress()
                        .printf(
                            Locale.ROOT,
                            "S3 vs local rep %d: local %,.0f rows/s, S3 %,.0f rows/s%n",
                            rep + 1,
                            runs.get(0).rowsPerSecond(),
                            runs.get(1).rowsPerSecond()));
      } finally {
        if (purge) {
          // A real bucket outlives the run: remove what it wrote (the scratch folder goes anyway).
          for (String table : s3Tables) {
            try {
              s3Floe.tables().drop("bench." + table, true);
            } catch (RuntimeException e) {
              // Keep purging the rest, and keep whatever failure got us here.
              options.progress().println("S3 vs local: cannot purge bench." + table + ": " + e);
            }
          }
        }
      }
    }
    BenchCase localMedian = medians.get(0);
    BenchCase s3Median = medians.get(1);
    Map<String, String> result = new LinkedHashMap<>();
    result.put("local_rows_per_s", Trials.whole(localMedian.rowsPerSecond()));
    result.put("s3_rows_per_s", Trials.whole(s3Median.rowsPerSecond()));
    result.put(
        "s3_vs_local", Trials.hundredths(s3Median.rowsPerSecond() / localMedian.rowsPerSecond()));
    result.put("local_mb_per_s", Trials.hundredths(localMedian.megabytesPerSecond()));
    result.put("s3_mb_per_s", Trials.hundredths(s3Median.megabytesPerSecond()));
    String notes =
        String.format(
            Locale.ROOT,
            "Ingest to S3 vs local: %,d rows in batches of %,d (a TableWriter commit each, one"
                + " Parquet file per partition of the 160, so an S3 PUT per file), median of %d"
                + " run(s) per side, order alternating; both catalogs are embedded with their"
                + " database on local disk. s3_vs_local = S3 rows/s / local rows/s. S3 side: %s.",
            sizes.rows,
            sizes.batchRows,
            sizes.reps,
            server);
    return new Outcome(List.of(localMedian, s3Median), result, notes);
  }

  private static BenchCase ingest(
      Floe floe, String name, String subject, String workload, List<List<Record>> batches) {
    Table table = floe.tables().createIfAbsent("bench." + name, EventData.SCHEMA, EventData.SPEC);
    long start = System.nanoTime();
    long rows = 0;
    long bytes = 0;
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("bench").format(FileFormat.PARQUET).build()) {
      long sequence = writer.lastCommittedSequence() + 1;
      for (List<Record> batch : batches) {
        AppendResult result = writer.append(Batch.of(sequence++, EventData.SCHEMA, batch));
        rows += result.rows();
        bytes += result.bytes();
      }
    }
    return new BenchCase(subject, workload, rows, bytes, Trials.secondsSince(start));
  }
}
