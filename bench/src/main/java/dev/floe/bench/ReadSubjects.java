package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Reader;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.arrow.vectorized.ArrowReader;
import org.apache.iceberg.arrow.vectorized.ColumnarBatch;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/** The readers {@link ReadBenchmark} compares, each reading a whole snapshot once. */
final class ReadSubjects {
  static final String FLOE = "floe arrow";
  static final String FLOE_DIGEST = "floe arrow + content digest";
  static final String FLOE_ONE_THREAD = "floe arrow, 1 thread";
  static final String FLOE_VERIFIED = "floe rehydrate, verified per file";
  static final String SHA256_FILES = "sha256 of the parquet files";
  static final String ARROW_READER = "iceberg ArrowReader";
  static final String GENERICS = "iceberg generics";
  private static final int BATCH = 8192;

  private ReadSubjects() {}

  /** Reads the snapshot and says how many rows and snapshot bytes it handled, in how long. */
  interface Subject {
    String name();

    BenchCase read(Table table, String workload);
  }

  static List<Subject> all(List<String> columns) {
    List<Subject> subjects = new ArrayList<>(withoutArrowReader(columns));
    subjects.add(1, subject(ARROW_READER, table -> arrowReader(table, columns)));
    return subjects;
  }

  /** For schemas ArrowReader cannot read (list columns). */
  static List<Subject> withoutArrowReader(List<String> columns) {
    return List.of(
        subject(FLOE, table -> floe(table, columns, false, 0)),
        subject(FLOE_DIGEST, table -> floe(table, columns, true, 0)),
        subject(FLOE_ONE_THREAD, table -> floe(table, columns, false, 1)),
        subject(GENERICS, table -> generics(table, columns)));
  }

  /**
   * A rehydration of {@code lock}: each file's batches are handed out only once its content digest
   * matched the lock's (the cost a trainer pays for a proven read).
   */
  static Subject verified(Floe floe, TrainingLock lock) {
    return subject(
        FLOE_VERIFIED,
        table -> {
          long rows = 0;
          try (BufferAllocator allocator = new RootAllocator();
              ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
            for (VectorSchemaRoot batch : batches) {
              rows += batch.getRowCount();
            }
          }
          return rows;
        });
  }

  /**
   * The cheapest integrity check a user could script: SHA-256 of every data file's bytes, one file
   * after another (as {@code sha256sum *.parquet}); counts the snapshot's rows as read.
   */
  static Subject sha256Files() {
    return subject(
        SHA256_FILES,
        table -> {
          long rows = 0;
          byte[] buffer = new byte[1 << 16];
          try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
            for (FileScanTask file : files) {
              MessageDigest sha = MessageDigest.getInstance("SHA-256");
              try (InputStream in = table.io().newInputFile(file.file().location()).newStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  sha.update(buffer, 0, n);
                }
              }
              sha.digest();
              rows += file.file().recordCount();
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
          return rows;
        });
  }

  private interface Read {
    long rows(Table table);
  }

  private static Subject subject(String name, Read read) {
    return new Subject() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public BenchCase read(Table table, String workload) {
        long start = System.nanoTime();
        long rows = read.rows(table);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchCase(name, workload, rows, bytes(table), seconds);
      }
    };
  }

  /** {@code threads} 0: Floe's default. */
  private static long floe(Table table, List<String> columns, boolean digest, int threads) {
    long rows = 0;
    Reader reader = TimeTravel.read(table).select(columns).contentDigest(digest);
    if (threads > 0) {
      reader = reader.threads(threads);
    }
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        rows += batch.getRowCount();
      }
    }
    return rows;
  }

  private static long arrowReader(Table table, List<String> columns) {
    TableScan scan = table.newScan().select(columns);
    long rows = 0;
    try (ArrowReader reader = new ArrowReader(scan, BATCH, true);
        CloseableIterable<CombinedScanTask> tasks = scan.planTasks();
        CloseableIterator<ColumnarBatch> batches = reader.open(tasks)) {
      while (batches.hasNext()) {
        rows += batches.next().numRows();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static long generics(Table table, List<String> columns) {
    long rows = 0;
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
    if (!columns.isEmpty()) {
      scan = scan.select(columns);
    }
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record ignored : records) {
        rows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static long bytes(Table table) {
    long bytes = 0;
    try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
      for (FileScanTask file : files) {
        bytes += file.file().fileSizeInBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }
}
