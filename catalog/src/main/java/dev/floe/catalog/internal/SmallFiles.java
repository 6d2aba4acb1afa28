package dev.floe.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small text files Floe reads whole (a schema, a token, a contract): a regular file as {@link
 * Files#readString} reads it, a pipe or a device only up to a bound, so {@code --schema /dev/zero}
 * is an error line, not an {@link OutOfMemoryError}.
 */
public final class SmallFiles {
  public static final int MAX_STREAM_BYTES = 16 << 20;

  private SmallFiles() {}

  /** The file's UTF-8 text; an {@link IOException} whose message says what went wrong. */
  public static String read(Path path) throws IOException {
    return read(path, MAX_STREAM_BYTES);
  }

  /** As {@link #read(Path)}, with another bound for pipes and devices. */
  public static String read(Path path, int maxStreamBytes) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("no such file");
    }
    if (Files.isRegularFile(path) || Files.isDirectory(path)) {
      return Files.readString(path);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(maxStreamBytes + 1);
    }
    if (bytes.length > maxStreamBytes) {
      throw new TooLargeException(
          "not a regular file, and more than " + (maxStreamBytes >> 20) + " MiB read from it");
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }

  /** A pipe or device that gave more than the bound; the message says so without the path. */
  public static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
  }
}
