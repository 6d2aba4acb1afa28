package dev.floe.compaction;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/** Listing a table's folders and telling orphans from live files: shared by orphan collectors. */
final class TableFiles {
  private TableFiles() {}

  /** The table folder, plus data and metadata folders set outside it. */
  static Set<String> roots(Table table) {
    Set<String> roots = new LinkedHashSet<>();
    roots.add(table.location());
    // Data or metadata written outside the table folder is still this table's.
    String data = table.properties().get(TableProperties.WRITE_DATA_LOCATION);
    String metadata = table.properties().get(TableProperties.WRITE_METADATA_LOCATION);
    if (data != null) {
      roots.add(data);
    }
    if (metadata != null) {
      roots.add(metadata);
    }
    return roots;
  }

  /** Every file under {@code roots}, each once whatever its spelling. */
  static List<FileInfo> list(FileIO fileIo, String tableName, Collection<String> roots) {
    if (!(fileIo instanceof SupportsPrefixOperations io)) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot list files of %s: %s cannot list prefixes",
              tableName, fileIo.getClass().getName()));
    }
    List<FileInfo> listed = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String root : roots) {
      for (FileInfo file : list(io, root)) {
        if (seen.add(ReachableFiles.normalize(file.location()))) {
          listed.add(file);
        }
      }
    }
    return listed;
  }

  /** The listed files older than {@code cutoffMillis} that {@code live} lacks, oldest first. */
  static List<OrphanFile> orphans(List<FileInfo> listed, Set<String> live, long cutoffMillis) {
    List<OrphanFile> orphans = new ArrayList<>();
    for (FileInfo file : listed) {
      if (file.createdAtMillis() < cutoffMillis
          && !live.contains(ReachableFiles.normalize(file.location()))) {
        orphans.add(
            new OrphanFile(
                file.location(), file.size(), Instant.ofEpochMilli(file.createdAtMillis())));
      }
    }
    orphans.sort((a, b) -> a.lastModified().compareTo(b.lastModified()));
    return orphans;
  }

  /** Deletes {@code orphans}; one that is already gone (a concurrent run took it) is skipped. */
  static void delete(FileIO io, List<OrphanFile> orphans) {
    for (OrphanFile orphan : orphans) {
      try {
        io.deleteFile(orphan.location());
      } catch (org.apache.iceberg.exceptions.NotFoundException e) {
        // deleted meanwhile: what was asked for
      }
    }
  }

  /**
   * Local folders through {@code java.nio} ({@link LocalFiles}: no subprocess per file, files that
   * vanish meanwhile skipped), object stores through the FileIO's prefix listing (a paged listing
   * that has no per-file step to fail).
   */
  private static List<FileInfo> list(SupportsPrefixOperations io, String root) {
    String normalized = ReachableFiles.normalize(root);
    if (normalized.startsWith("file:/")) {
      return LocalFiles.list(Path.of(normalized.substring("file:".length())));
    }
    List<FileInfo> files = new ArrayList<>();
    try {
      io.listPrefix(root.endsWith("/") ? root : root + "/").forEach(files::add);
    } catch (UncheckedIOException | org.apache.iceberg.exceptions.NotFoundException e) {
      // A folder nothing was written to yet holds no orphans.
      if (!(e.getCause() instanceof java.io.FileNotFoundException)
          && !(e instanceof org.apache.iceberg.exceptions.NotFoundException)) {
        throw e;
      }
    }
    return files;
  }
}
