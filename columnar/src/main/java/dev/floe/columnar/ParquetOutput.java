package dev.floe.columnar;

import java.io.IOException;
import org.apache.iceberg.io.OutputFile;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.PositionOutputStream;

/** An Iceberg {@link OutputFile} (any FileIO: local, Hadoop, S3) as parquet-java's OutputFile. */
final class ParquetOutput implements org.apache.parquet.io.OutputFile {
  private final OutputFile file;

  ParquetOutput(OutputFile file) {
    this.file = file;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return wrap(file.create());
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return wrap(file.createOrOverwrite());
  }

  // No block alignment (as Iceberg's adapter): row groups are never padded.
  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return file.location();
  }

  private static PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream stream) {
    return new DelegatingPositionOutputStream(stream) {
      @Override
      public long getPos() throws IOException {
        return stream.getPos();
      }
    };
  }
}
