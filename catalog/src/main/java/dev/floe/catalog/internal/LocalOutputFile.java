package dev.floe.catalog.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/** A file {@link LocalFileIO} writes: created only if absent, or created or replaced. */
final class LocalOutputFile implements OutputFile {
  // Parquet and Avro writers hand over pages and blocks: a large buffer makes few system calls.
  private static final int BUFFER = 256 * 1024;

  private final String location;
  private final Path path;

  LocalOutputFile(String location, Path path) {
    this.location = location;
    this.path = path;
  }

  @Override
  public PositionOutputStream create() {
    return open(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public PositionOutputStream createOrOverwrite() {
    return open(
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  private PositionOutputStream open(OpenOption... options) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new Stream(Files.newOutputStream(path, options));
    } catch (FileAlreadyExistsException e) {
      throw new AlreadyExistsException(e, "Path already exists: %s", location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public InputFile toInputFile() {
    return new LocalInputFile(location, path, -1);
  }

  @Override
  public String toString() {
    return location;
  }

  /** Buffered, counting what was written: the position Parquet records offsets by. */
  private static final class Stream extends PositionOutputStream {
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private long flushed;
    private boolean closed;

    Stream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return flushed + buffered;
    }

    @Override
    public void write(int b) throws IOException {
      if (buffered == buffer.length) {
        drain();
      }
      buffer[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length >= buffer.length) {
        drain();
        out.write(bytes, offset, length);
        flushed += length;
      } else {
        if (length > buffer.length - buffered) {
          drain();
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
      }
    }

    private void drain() throws IOException {
      if (buffered > 0) {
        out.write(buffer, 0, buffered);
        flushed += buffered;
        buffered = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      drain();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        try (OutputStream closing = out) {
          drain();
        }
      }
    }
  }
}
