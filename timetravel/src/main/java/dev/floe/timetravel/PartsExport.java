package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;

/**
 * Writes every part of a split side by side in one pass: each data file is opened and read once,
 * and each row goes to the writer of the part {@link Split#partOf} gives its key, while a digest
 * per part is taken over the same values. Every part is written under a hidden temporary name
 * ({@link StagedFile}); only once the check accepted all three digests and counts are they
 * published, so a mismatch in one part leaves none of them behind. A shuffled lock holds each
 * part's rows in memory and shuffles them as a single-part read does (the same seed per part), so
 * the orders match. Callers go through {@link AllParts}.
 */
final class PartsExport {
  private PartsExport() {}

  /**
   * A pinned read's files, ready to route: rows are read with {@code readSchema}, the projection's
   * columns first, then the split key and filter columns the projection lacks.
   */
  record Rows(
      SnapshotFiles files, Schema base, Schema projection, Schema readSchema, Long shuffleSeed) {}

  /** One part's file being written; closing it without {@link #finish()} abandons it. */
  interface Sink extends AutoCloseable {
    /** Adds the first {@code width} values of {@code row} (the projection's). */
    void add(Record row);

    /** Completes the file. */
    void finish() throws IOException;

    @Override
    void close();
  }

  /** Opens a sink writing {@code projection}'s columns into the new file {@code path}. */
  interface SinkFactory {
    Sink open(Path path, Schema projection) throws IOException;
  }

  /** Told each part's digest and row count once all are written; throws to reject them. */
  interface Check {
    void check(Map<Split.Part, String> digests, Map<Split.Part, Long> rows);
  }

  /**
   * Writes each part of {@code split} to its file in {@code targets}, replacing them only once
   * {@code check} accepted them all; tells {@code files} as each data file opens and {@code
   * progress} rows written. Returns each part's row count.
   */
  static Map<Split.Part, Long> write(
      Rows rows,
      Split split,
      Map<Split.Part, Path> targets,
      SinkFactory factory,
      FileListener files,
      LongConsumer progress,
      Check check) {
    Map<Split.Part, StagedFile> staged = new EnumMap<>(Split.Part.class);
    Map<Split.Part, Sink> sinks = new EnumMap<>(Split.Part.class);
    try {
      for (Split.Part part : Split.Part.values()) {
        staged.put(part, StagedFile.create(targets.get(part)));
        sinks.put(part, factory.open(staged.get(part).path(), rows.projection()));
      }
      Router router = new Router(sinks, rows.projection().columns().size(), progress);
      route(rows, split, files, router);
      for (Sink sink : sinks.values()) {
        sink.finish();
      }
      check.check(router.digests(), router.counts);
      staged.values().forEach(StagedFile::publish);
      return router.counts;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the parts of " + rows.files().name() + ": " + e.getMessage(), e);
    } finally {
      sinks.values().forEach(Sink::close);
      staged.values().forEach(StagedFile::close);
    }
  }

  // One read of each file, in path order; with a shuffle, each part's rows are held and shuffled.
  private static void route(Rows rows, Split split, FileListener files, Router router)
      throws IOException {
    Schema readSchema = rows.readSchema();
    int key = readSchema.columns().indexOf(readSchema.findField(split.keyColumn()));
    Map<Split.Part, List<Record>> held = new EnumMap<>(Split.Part.class);
    List<FileScanTask> tasks = rows.files().tasks();
    NameMapping mapping = rows.files().nameMapping();
    for (int i = 0; i < tasks.size(); i++) {
      if (files != null) {
        files.opened(i + 1, tasks.size());
      }
      try (CloseableIterable<Record> records =
          rows.files().open(tasks.get(i), rows.base(), readSchema, mapping)) {
        for (Record row : records) {
          Split.Part part = split.partOf(row.get(key));
          if (rows.shuffleSeed() == null) {
            router.add(part, row);
          } else {
            // generic readers may reuse record objects
            held.computeIfAbsent(part, p -> new ArrayList<>()).add(row.copy());
          }
        }
      }
    }
    for (Map.Entry<Split.Part, List<Record>> part : held.entrySet()) {
      Collections.shuffle(part.getValue(), new Random(rows.shuffleSeed()));
      part.getValue().forEach(row -> router.add(part.getKey(), row));
    }
    router.flushProgress();
  }

  /** Hands rows to their part's sink and digest, and counts them. */
  private static final class Router {
    private final Map<Split.Part, Sink> sinks;
    private final Map<Split.Part, ContentDigest> digests = new EnumMap<>(Split.Part.class);
    private final Map<Split.Part, Long> counts = new EnumMap<>(Split.Part.class);
    private final int width;
    private final LongConsumer progress;
    private long unreported;

    Router(Map<Split.Part, Sink> sinks, int width, LongConsumer progress) {
      this.sinks = sinks;
      this.width = width;
      this.progress = progress;
      for (Split.Part part : Split.Part.values()) {
        digests.put(part, new ContentDigest());
        counts.put(part, 0L);
      }
    }

    void add(Split.Part part, Record row) {
      sinks.get(part).add(row);
      digests.get(part).update(row, width);
      counts.merge(part, 1L, Long::sum);
      if (++unreported == ParquetExport.PROGRESS_ROWS) {
        flushProgress();
      }
    }

    void flushProgress() {
      progress.accept(unreported);
      unreported = 0;
    }

    Map<Split.Part, String> digests() {
      Map<Split.Part, String> hex = new EnumMap<>(Split.Part.class);
      digests.forEach((part, digest) -> hex.put(part, digest.hex()));
      return hex;
    }
  }
}
