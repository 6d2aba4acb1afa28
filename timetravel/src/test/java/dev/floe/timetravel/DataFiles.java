package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;

/** Data files of a test table, and a way to change a value inside one without changing its size. */
final class DataFiles {
  private DataFiles() {}

  /** Writes later Parquet files uncompressed, so a value's bytes can be found in them. */
  static void uncompressed(Table table) {
    table.updateProperties().set(TableProperties.PARQUET_COMPRESSION, "uncompressed").commit();
  }

  /** The local paths of the current snapshot's data files, in read (location) order. */
  static List<Path> paths(Table table) {
    return StreamSupport.stream(
            table.currentSnapshot().addedDataFiles(table.io()).spliterator(), false)
        .map(DataFile::location)
        .sorted()
        .map(DataFiles::local)
        .toList();
  }

  static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /**
   * Replaces the little-endian bytes of the double {@code from} with those of {@code to} in {@code
   * file} (Parquet's plain and dictionary encodings store doubles so), as a bit flip on disk would:
   * same size, valid file, another value.
   */
  static void replaceDouble(Path file, double from, double to) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      byte[] find = le(from);
      int at = indexOf(bytes, find);
      assertThat(at).as("bytes of %s in %s", from, file).isNotNegative();
      System.arraycopy(le(to), 0, bytes, at, 8);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] le(double value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
  }

  private static int indexOf(byte[] bytes, byte[] find) {
    outer:
    for (int i = 0; i + find.length <= bytes.length; i++) {
      for (int j = 0; j < find.length; j++) {
        if (bytes[i + j] != find[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
