package dev.floe.catalog.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;

/** A file {@link LocalFileIO} reads; a missing one is Iceberg's {@link NotFoundException}. */
final class LocalInputFile implements InputFile {
  private final String location;
  private final Path path;
  private long length; // -1 until known

  LocalInputFile(String location, Path path, long length) {
    this.location = location;
    this.path = path;
    this.length = length;
  }

  @Override
  public long getLength() {
    if (length < 0) {
      try {
        length = Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + location + ": " + e.getMessage(), e);
      }
    }
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    try {
      return new Stream(FileChannel.open(path, StandardOpenOption.READ));
    } catch (NoSuchFileException e) {
      throw new NotFoundException(e, "File does not exist: %s", location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public boolean exists() {
    return Files.exists(path);
  }

  @Override
  public String toString() {
    return location;
  }

  /**
   * Reads through a small buffer (Avro reads a few bytes at a time); large reads and ranges go to
   * the channel directly. {@link RangeReadable} lets Parquet read a footer or a column chunk at an
   * offset without moving the stream.
   */
  private static final class Stream extends SeekableInputStream implements RangeReadable {
    private static final int BUFFER = 64 * 1024;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).limit(0);
    private long bufferStart; // file position of buffer index 0
    private boolean closed;

    Stream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return bufferStart + buffer.position();
    }

    @Override
    public void seek(long position) throws IOException {
      checkOpen();
      if (position < 0) {
        throw new EOFException("Cannot seek to negative position " + position);
      }
      long offset = position - bufferStart;
      if (offset >= 0 && offset <= buffer.limit()) {
        buffer.position((int) offset);
      } else {
        bufferStart = position;
        buffer.limit(0);
      }
    }

    @Override
    public int read() throws IOException {
      if (!buffer.hasRemaining() && fill() <= 0) {
        return -1;
      }
      return buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      if (length == 0) {
        return 0;
      }
      if (buffer.hasRemaining()) {
        int n = Math.min(length, buffer.remaining());
        buffer.get(bytes, offset, n);
        return n;
      }
      if (length >= BUFFER) {
        long position = getPos();
        int n = channel.read(ByteBuffer.wrap(bytes, offset, length), position);
        if (n > 0) {
          bufferStart = position + n;
          buffer.limit(0);
        }
        return n;
      }
      int filled = fill();
      if (filled <= 0) {
        return -1;
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(bytes, offset, n);
      return n;
    }

    private int fill() throws IOException {
      checkOpen();
      bufferStart = getPos();
      buffer.clear();
      int n = channel.read(buffer, bufferStart);
      buffer.flip();
      return n;
    }

    @Override
    public void readFully(long position, byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      ByteBuffer target = ByteBuffer.wrap(bytes, offset, length);
      long at = position;
      while (target.hasRemaining()) {
        int n = channel.read(target, at);
        if (n < 0) {
          throw new EOFException(
              "Reached the end of the file after " + (at - position) + " of " + length + " bytes");
        }
        at += n;
      }
    }

    @Override
    public int readTail(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      long size = channel.size();
      int n = (int) Math.min(length, size);
      readFully(size - n, bytes, offset, n);
      return n;
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("Stream is closed");
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      channel.close();
    }
  }
}
