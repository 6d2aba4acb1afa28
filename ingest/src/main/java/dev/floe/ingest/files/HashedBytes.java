package dev.floe.ingest.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's SHA-256 and how many bytes it had when it was hashed: what {@code floe ingest} keys a
 * file by. The file is then read through {@link #open}, which stops at that many bytes and checks
 * their hash again, so the rows committed under the key are the bytes the key names: a log that
 * grows while it is ingested contributes only what was hashed, and a file rewritten in place fails
 * instead of passing other bytes off under this key.
 */
public record HashedBytes(String sha256, long bytes) {
  /** Hashes {@code file}, which must be a regular file (a pipe cannot be read twice). */
  public static HashedBytes of(Path file) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new BadInputException(
          file,
          Files.isDirectory(file)
              ? "is a folder, not a file"
              : "is not a regular file (a pipe or a device): its bytes are read twice, once to"
                  + " hash them; write the data to a file first");
    }
    MessageDigest digest = sha256Digest();
    byte[] buffer = new byte[1 << 16];
    long bytes = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        bytes += n;
      }
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new BadInputException(file, "cannot read: permission denied");
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e);
    }
    return new HashedBytes(HexFormat.of().formatHex(digest.digest()), bytes);
  }

  /**
   * The file's first {@link #bytes()} bytes; at their end, fails if they no longer hash the same.
   */
  public InputStream open(Path file) throws IOException {
    return new Checked(file, Files.newInputStream(file));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private final class Checked extends FilterInputStream {
    private final Path file;
    private final MessageDigest digest = sha256Digest();
    private long remaining = bytes;
    private boolean checked;

    Checked(Path file, InputStream in) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        check();
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        check(); // shorter than when hashed: fails
        return -1;
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[8192];
      long skipped = 0;
      for (int r;
          skipped < n && (r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped))) > 0; ) {
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void check() {
      if (checked) {
        return;
      }
      checked = true;
      if (remaining != 0 || !HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
        throw new BadInputException(
            file,
            "changed while being ingested (its bytes no longer hash to sha256 "
                + sha256.substring(0, 8)
                + "…): the batches committed before this point hold the bytes as they were;"
                + " ingest the file again once it is no longer written to");
      }
    }
  }
}
