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
    if (!Files.exists(path)) {
      throw new IOException("no such file");
    }
    if (Files.isRegularFile(path) || Files.isDirectory(path)) {
      return Files.readString(path);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_STREAM_BYTES + 1);
    }
    if (bytes.length > MAX_STREAM_BYTES) {
      throw new IOException(
          "not a regular file, and more than " + (MAX_STREAM_BYTES >> 20) + " MiB read from it");
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }
}
