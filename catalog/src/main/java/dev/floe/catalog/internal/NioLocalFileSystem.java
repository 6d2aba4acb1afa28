package dev.floe.catalog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system with permissions set through {@code java.nio}.
 *
 * <p>Without Hadoop's native library, {@link RawLocalFileSystem} forks a {@code chmod} process for
 * every file and directory it creates: about 6 ms each, which made writing 160 partition files cost
 * a second. Raw (not checksummed) also avoids {@code .crc} sidecar files.
 */
public final class NioLocalFileSystem extends RawLocalFileSystem {
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    java.nio.file.Path path = pathToFile(p).toPath();
    try {
      Files.setPosixFilePermissions(
          path, PosixFilePermissions.fromString(permission.toString().substring(0, 9)));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to set, as Hadoop does on Windows.
    }
  }
}
