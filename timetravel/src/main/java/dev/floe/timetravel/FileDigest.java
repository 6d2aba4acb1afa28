package dev.floe.timetravel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The content digest of the rows a lock reads from one data file (format {@code floe-digest/1}, see
 * {@code docs/digest.md}): what {@link TimeTravel#verify} with {@code deep} and a rehydration check
 * file by file. A lock's {@link TrainingLock#contentDigest()} is the root over all of them.
 *
 * @param path the data file's location, as the table's metadata names it
 * @param rows the rows read from it (after delete files and the lock's filter)
 * @param digest lower-case hex SHA-256
 */
public record FileDigest(String path, long rows, String digest) {
  static final String ROOT = "floe-root/1";

  public FileDigest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(digest, "digest");
    Preconditions.checkArgument(
        rows >= 0, "Invalid file digest of %s: negative rows %s", path, rows);
    Preconditions.checkArgument(
        digest.matches("[0-9a-f]{64}"),
        "Invalid file digest of %s: '%s' is not 64 lower-case hex digits",
        path,
        digest);
  }

  /**
   * The root over per-file digests in the lock's file order, as lower-case hex: SHA-256 of the
   * ASCII bytes {@code floe-root/1}, the file count as an 8-byte little-endian integer, then per
   * file its row count (8 bytes, little-endian) and its 32 digest bytes. Paths are not part of it,
   * so a relocated table keeps its root.
   */
  public static String root(List<FileDigest> files) {
    MessageDigest sha = SnapshotFiles.sha256();
    sha.update(ROOT.getBytes(StandardCharsets.US_ASCII));
    sha.update(FileDigester.le(files.size()));
    for (FileDigest file : files) {
      sha.update(FileDigester.le(file.rows()));
      sha.update(HexFormat.of().parseHex(file.digest()));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
