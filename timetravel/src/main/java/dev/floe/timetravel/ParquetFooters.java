package dev.floe.timetravel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file Floe wrote byte-stable: parquet-java lists each column chunk's encodings
 * (and page encoding stats) in the iteration order of a hash set of enums, whose hash codes change
 * from one JVM to the next, so two exports of one lock differed in a few footer bytes. The footer
 * is read back, those lists sorted, and written again in place; pages are not touched.
 */
final class ParquetFooters {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooters() {}

  static void canonicalize(Path file) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      ByteBuffer tail = read(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      int length = tail.getInt(0);
      if (tail.get(4) != MAGIC[0] || tail.get(7) != MAGIC[3] || length <= 0 || length > size) {
        throw new IllegalStateException("Cannot canonicalize " + file + ": not a Parquet file");
      }
      long start = size - 8 - length;
      FileMetaData footer =
          Util.readFileMetaData(new ByteArrayInputStream(read(channel, start, length).array()));
      for (RowGroup group : footer.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          sort(chunk.getMeta_data());
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(length);
      Util.writeFileMetaData(footer, out);
      ByteBuffer end = ByteBuffer.allocate(out.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
      end.put(out.toByteArray()).putInt(out.size()).put(MAGIC).flip();
      channel.truncate(start);
      while (end.hasRemaining()) {
        channel.write(end, start + end.position());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot canonicalize Parquet footer of " + file, e);
    }
  }

  private static void sort(ColumnMetaData meta) {
    if (meta == null) {
      return;
    }
    if (meta.getEncodings() != null) {
      meta.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
    }
    if (meta.getEncoding_stats() != null) {
      meta.getEncoding_stats()
          .sort(
              Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
                  .thenComparingInt(s -> s.getEncoding().getValue()));
    }
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return buffer.flip();
  }
}
