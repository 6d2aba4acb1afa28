package dev.floe.timetravel;

import dev.floe.columnar.parquet.PageDecoders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.IOUtil;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.orc.OrcProto;
import org.apache.orc.StripeInformation;
import org.apache.orc.impl.ReaderImpl;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

/**
 * The digest units of a data file ({@code floe-digest/2}): the physical row count of each of its
 * Parquet row groups or ORC stripes, in file order, read from the file's footer; a file of another
 * format (Avro) is one unit of its record count. Costs one footer read, so the read paths that
 * already hold the footer ({@link ParquetPages}) give their units themselves.
 */
final class DigestUnits {
  private DigestUnits() {}

  /**
   * One unit of a Parquet or ORC file: its physical rows, and a byte range holding its start and no
   * other unit's, which the readers (Parquet by a row group's midpoint, ORC by a stripe's start)
   * take to mean exactly this unit.
   */
  record Span(long rows, long start, long length) {}

  /** The spans of a Parquet or ORC file's units, in file order, from its footer. */
  static List<Span> spans(FileIO io, DataFile file) {
    InputFile input = io.newInputFile(file);
    long size = file.fileSizeInBytes();
    long[] rows;
    long[] starts;
    if (file.format() == FileFormat.PARQUET) {
      try (ParquetFileReader reader = PageDecoders.open(input, 0, size)) {
        rows = parquet(reader.getRowGroups());
        starts = reader.getRowGroups().stream().mapToLong(BlockMetaData::getStartingPos).toArray();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the footer of " + file.location(), e);
      }
    } else if (file.format() == FileFormat.ORC) {
      List<StripeInformation> stripes = stripes(input, size);
      rows = stripes.stream().mapToLong(StripeInformation::getNumberOfRows).toArray();
      starts = stripes.stream().mapToLong(StripeInformation::getOffset).toArray();
    } else {
      throw new IllegalArgumentException(
          "Cannot read a unit of "
              + file.location()
              + ": a "
              + file.format()
              + " file is one unit");
    }
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      long end = i + 1 < starts.length ? starts[i + 1] : size;
      spans.add(new Span(rows[i], starts[i], end - starts[i]));
    }
    return spans;
  }

  static long[] read(FileIO io, DataFile file) {
    InputFile input = io.newInputFile(file);
    if (file.format() == FileFormat.PARQUET) {
      try (ParquetFileReader reader = PageDecoders.open(input, 0, file.fileSizeInBytes())) {
        return parquet(reader.getRowGroups());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the footer of " + file.location(), e);
      }
    }
    if (file.format() == FileFormat.ORC) {
      return stripes(input, file.fileSizeInBytes()).stream()
          .mapToLong(StripeInformation::getNumberOfRows)
          .toArray();
    }
    return new long[] {file.recordCount()};
  }

  static long[] parquet(List<BlockMetaData> groups) {
    return groups.stream().mapToLong(BlockMetaData::getRowCount).toArray();
  }

  // ORC ends with its footer, the postscript and the postscript's length in the last byte. Read
  // through the FileIO (any store), not through a Hadoop file system.
  private static List<StripeInformation> stripes(InputFile input, long size) {
    try (SeekableInputStream in = input.newStream()) {
      byte[] last = read(in, size - 1, 1);
      int postscript = last[0] & 0xff;
      byte[] bytes = read(in, size - 1 - postscript, postscript);
      long footer = OrcProto.PostScript.parseFrom(bytes).getFooterLength();
      int tail = (int) (footer + postscript + 1);
      ByteBuffer buffer = ByteBuffer.wrap(read(in, size - tail, tail));
      return ReaderImpl.extractFileTail(buffer, size, 0).getStripes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the stripes of " + input.location(), e);
    }
  }

  private static byte[] read(SeekableInputStream in, long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    in.seek(position);
    IOUtil.readFully(in, bytes, 0, length);
    return bytes;
  }
}
