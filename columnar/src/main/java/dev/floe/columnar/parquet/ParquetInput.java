package dev.floe.columnar.parquet;

import java.io.IOException;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * An Iceberg {@link InputFile} as parquet-java's input file, so the page decoder reads through the
 * table's FileIO (local disk or S3) like every other reader. Iceberg's own adapter is package
 * private.
 */
final class ParquetInput implements org.apache.parquet.io.InputFile {
  private final InputFile file;

  ParquetInput(InputFile file) {
    this.file = file;
  }

  @Override
  public long getLength() {
    return file.getLength();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    org.apache.iceberg.io.SeekableInputStream stream = file.newStream();
    return new DelegatingSeekableInputStream(stream) {
      @Override
      public long getPos() throws IOException {
        return stream.getPos();
      }

      @Override
      public void seek(long position) throws IOException {
        stream.seek(position);
      }
    };
  }

  @Override
  public String toString() {
    return file.location();
  }
}
