package dev.floe.catalog.refs;

import dev.floe.catalog.RefReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.CloseableIterable;

/** Sums what each ref holds from its per-table heads, and which files only that ref holds. */
final class RefReports {
  private RefReports() {}

  /**
   * One table as seen from one ref: its head snapshot (null when empty) and snapshots kept. A ref
   * without tables is one holding with a null table.
   */
  record Holding(String ref, RefReport.Kind kind, String table, Table io, Snapshot head, int kept) {
    /** A table on the ref whose metadata cannot be read. */
    static Holding unreadable(String ref, RefReport.Kind kind, String table) {
      return new Holding(ref, kind, table, null, null, -1);
    }
  }

  static List<RefReport> report(List<Holding> holdings) {
    Map<String, RefReport.Kind> kinds = new TreeMap<>();
    Map<String, TreeSet<String>> tables = new HashMap<>();
    Map<String, Integer> snapshots = new HashMap<>();
    Map<String, Map<String, Long>> files = new HashMap<>();
    Map<String, Integer> users = new HashMap<>();
    Map<String, TreeSet<String>> unreadable = new HashMap<>();
    for (Holding h : holdings) {
      kinds.putIfAbsent(h.ref(), h.kind());
      TreeSet<String> refTables = tables.computeIfAbsent(h.ref(), k -> new TreeSet<>());
      TreeSet<String> refUnreadable = unreadable.computeIfAbsent(h.ref(), k -> new TreeSet<>());
      Map<String, Long> refFiles = files.computeIfAbsent(h.ref(), k -> new LinkedHashMap<>());
      snapshots.putIfAbsent(h.ref(), 0);
      if (h.table() == null) {
        continue;
      }
      Map<String, Long> live = h.kept() < 0 ? null : readable(h);
      if (live == null) {
        refUnreadable.add(h.table());
        continue;
      }
      refTables.add(h.table());
      snapshots.merge(h.ref(), h.kept(), Integer::sum);
      live.forEach(refFiles::putIfAbsent);
    }
    files.values().forEach(f -> f.keySet().forEach(path -> users.merge(path, 1, Integer::sum)));
    List<RefReport> reports = new ArrayList<>();
    kinds.forEach(
        (ref, kind) -> {
          Map<String, Long> refFiles = files.get(ref);
          long bytes = refFiles.values().stream().mapToLong(Long::longValue).sum();
          long exclusive =
              refFiles.entrySet().stream()
                  .filter(e -> users.get(e.getKey()) == 1)
                  .mapToLong(Map.Entry::getValue)
                  .sum();
          reports.add(
              new RefReport(
                  ref,
                  kind,
                  List.copyOf(tables.get(ref)),
                  snapshots.get(ref),
                  refFiles.size(),
                  bytes,
                  exclusive,
                  List.copyOf(unreadable.get(ref))));
        });
    return reports;
  }

  /** The holding's live files, or null when its manifests cannot be read. */
  private static Map<String, Long> readable(Holding h) {
    try {
      return liveFiles(h.io(), h.head());
    } catch (UncheckedIOException | NotFoundException e) {
      return null;
    }
  }

  /** Path to size of every data and delete file live in {@code head}. */
  static Map<String, Long> liveFiles(Table table, Snapshot head) {
    Map<String, Long> sizes = new HashMap<>();
    if (head == null) {
      return sizes;
    }
    for (ManifestFile manifest : head.allManifests(table.io())) {
      try (CloseableIterable<? extends ContentFile<?>> entries = read(table, manifest)) {
        for (ContentFile<?> file : entries) {
          sizes.put(file.location(), file.fileSizeInBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
      }
    }
    return sizes;
  }

  private static CloseableIterable<? extends ContentFile<?>> read(
      Table table, ManifestFile manifest) {
    return switch (manifest.content()) {
      case DATA -> ManifestFiles.read(manifest, table.io(), table.specs());
      case DELETES -> ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs());
    };
  }
}
