package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Deletes, by reachability, the data and delete files that expired snapshots used and no retained
 * snapshot does. Iceberg's incremental cleanup frees a file only when the snapshot that removed it
 * expires, so the input files of the newest compaction stayed on disk while nothing could read them
 * any more. Retained snapshots are every snapshot the table still has after the expiry: each
 * branch's newest ones, those inside the age window and every tagged (pinned) one; a file any of
 * them uses is never deleted. Also counts what stays although no branch head uses it, and why.
 */
final class ExpiredFiles {
  private static final List<String> PATH_ONLY = List.of("file_path");

  private final Set<String> candidates;

  private ExpiredFiles(Set<String> candidates) {
    this.candidates = candidates;
  }

  /** Files that {@code expired} use, read before the expiry deletes their manifests. */
  static ExpiredFiles of(Table table, List<Snapshot> expired) {
    Set<Long> expiredIds = new HashSet<>();
    expired.forEach(s -> expiredIds.add(s.snapshotId()));
    Set<String> retainedManifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (!expiredIds.contains(snapshot.snapshotId())) {
        snapshot.allManifests(table.io()).forEach(m -> retainedManifests.add(m.path()));
      }
    }
    // A manifest a retained snapshot lists holds only files that snapshot uses: skip reading it.
    Set<String> candidates = new HashSet<>();
    new Reader(table).live(expired, retainedManifests, candidates::add);
    return new ExpiredFiles(candidates);
  }

  /** What the cleanup did: files deleted, and files kept though no branch head uses them. */
  record Outcome(int deleted, int keptForHistory, int keptForPins) {}

  /**
   * Deletes the candidates that no snapshot of {@code table} (refreshed, after the expiry) uses;
   * {@code alreadyDeleted} are the files Iceberg's own cleanup removed.
   */
  Outcome clean(Table table, Set<String> alreadyDeleted) {
    table.refresh();
    List<Snapshot> heads = new ArrayList<>();
    List<Snapshot> pinned = new ArrayList<>();
    List<Snapshot> others = new ArrayList<>();
    table.snapshots().forEach(others::add);
    for (SnapshotRef ref : table.refs().values()) {
      Snapshot snapshot = table.snapshot(ref.snapshotId());
      if (snapshot != null) {
        (ref.isBranch() ? heads : pinned).add(snapshot);
      }
    }
    Reader reader = new Reader(table);
    Set<String> inHeads = new HashSet<>();
    reader.live(heads, Set.of(), path -> inHeads.add(ReachableFiles.normalize(path)));
    Set<String> inPins = new HashSet<>();
    reader.live(pinned, Set.of(), path -> inPins.add(ReachableFiles.normalize(path)));
    Set<String> everywhere = new HashSet<>();
    reader.live(others, Set.of(), path -> everywhere.add(ReachableFiles.normalize(path)));
    everywhere.addAll(inHeads);
    everywhere.addAll(inPins);

    Set<String> deletedByIceberg = new HashSet<>();
    alreadyDeleted.forEach(path -> deletedByIceberg.add(ReachableFiles.normalize(path)));
    int deleted = 0;
    for (String path : candidates) {
      String normalized = ReachableFiles.normalize(path);
      if (!everywhere.contains(normalized) && !deletedByIceberg.contains(normalized)) {
        try {
          table.io().deleteFile(path);
          deleted++;
        } catch (RuntimeException e) {
          // As Iceberg's own cleanup: the expiry has committed, and orphan removal collects it.
        }
      }
    }
    int keptForPins = 0;
    int keptForHistory = 0;
    for (String path : everywhere) {
      if (!inHeads.contains(path)) {
        if (inPins.contains(path)) {
          keptForPins++;
        } else {
          keptForHistory++;
        }
      }
    }
    return new Outcome(deleted, keptForHistory, keptForPins);
  }

  /** Reads each manifest once, however many snapshots list it. */
  private static final class Reader {
    private final Table table;
    private final Map<Integer, PartitionSpec> specs;
    private final Map<String, List<String>> read = new HashMap<>();

    Reader(Table table) {
      this.table = table;
      this.specs = table.specs();
    }

    /** Passes the location of each live file of {@code snapshots} to {@code sink}. */
    void live(Collection<Snapshot> snapshots, Set<String> skipManifests, Consumer<String> sink) {
      Set<String> seen = new HashSet<>();
      for (Snapshot snapshot : snapshots) {
        for (ManifestFile manifest : snapshot.allManifests(table.io())) {
          if (!skipManifests.contains(manifest.path()) && seen.add(manifest.path())) {
            read.computeIfAbsent(manifest.path(), p -> paths(manifest)).forEach(sink);
          }
        }
      }
    }

    private List<String> paths(ManifestFile manifest) {
      List<String> paths = new ArrayList<>();
      try (CloseableIterable<? extends ContentFile<?>> files =
          manifest.content() == ManifestContent.DATA
              ? ManifestFiles.read(manifest, table.io(), specs).select(PATH_ONLY)
              : ManifestFiles.readDeleteManifest(manifest, table.io(), specs).select(PATH_ONLY)) {
        files.forEach(file -> paths.add(file.location()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
      }
      return paths;
    }
  }
}
