package dev.floe.compaction;

import dev.floe.catalog.internal.CarriedLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.ThreadPools;

/**
 * Every file a table's metadata still points to, from every snapshot it keeps (so every branch and
 * tag, and snapshots no ref reaches yet), as normalised paths: statistics files and the ingest
 * writers' ledger files included.
 *
 * <p>One instance can collect the files of many versions of a table (every Nessie reference and
 * recent commit): manifest lists and manifests never change once written, so each is read once
 * however many versions share it. Without that, a table of n commits each keeping every earlier
 * snapshot read O(n&sup2;) manifests (2 min 24 s for 3,400 files).
 */
final class ReachableFiles {
  // A concurrent expire can delete a manifest list this run was about to read: refresh and retry.
  private static final int ATTEMPTS = 5;
  private static final List<String> PATH_ONLY = List.of("file_path");
  // Compiled once: normalize runs for every listed and every live file.
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern SLASHES = Pattern.compile("/+");
  private static final Pattern LEADING_SLASHES = Pattern.compile("^/+");

  private final Set<String> live = new HashSet<>();
  private final Set<String> seenMetadata = new HashSet<>();
  private final Set<String> seenManifestLists = new HashSet<>();
  private final Set<String> seenManifests = new HashSet<>();

  ReachableFiles() {}

  /**
   * The live files of {@code table} as it is now (refreshed). When a file its metadata points to
   * has vanished (a concurrent expire committed and deleted it), refreshes and reads again.
   */
  static Set<String> of(Table table) {
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      try {
        return new ReachableFiles().add(table).live();
      } catch (NotFoundException e) {
        if (attempt == ATTEMPTS) {
          throw new NotFoundException(
              e,
              "Cannot list the live files of %s: metadata files vanished while reading it %d"
                  + " times (concurrent snapshot expiry?): %s",
              table.name(),
              ATTEMPTS,
              e.getMessage());
        }
      }
    }
  }

  /**
   * Adds the files of {@code table}'s current metadata (not refreshed); a version seen is skipped.
   */
  ReachableFiles add(Table table) {
    if (!(table instanceof HasTableOperations withOps)) {
      throw new UnsupportedOperationException(
          "Cannot list files of " + table.name() + ": not a metadata table handle");
    }
    return add(withOps.operations().current(), table.io());
  }

  private ReachableFiles add(TableMetadata metadata, FileIO io) {
    if (!seenMetadata.add(normalize(metadata.metadataFileLocation()))) {
      return this;
    }
    Map<Integer, PartitionSpec> specs = metadata.specsById();
    live.add(normalize(metadata.metadataFileLocation()));
    metadata.previousFiles().forEach(entry -> live.add(normalize(entry.file())));
    for (StatisticsFile stats : metadata.statisticsFiles()) {
      live.add(normalize(stats.path()));
    }
    metadata.partitionStatisticsFiles().forEach(stats -> live.add(normalize(stats.path())));
    List<Snapshot> unread = new ArrayList<>();
    for (Snapshot snapshot : metadata.snapshots()) {
      // The writers' ledger file is a statistics file too, unless another tool replaced the
      // snapshot's entry: the summary still names it, and the ledger must outlive such a swap.
      CarriedLedger.Pointer ledger = CarriedLedger.Pointer.of(snapshot.summary());
      if (ledger != null) {
        live.add(normalize(ledger.location()));
      }
      String manifestList = snapshot.manifestListLocation();
      if (manifestList != null) {
        live.add(normalize(manifestList));
        if (!seenManifestLists.add(manifestList)) {
          continue; // its manifests were read with the version that listed it first
        }
      }
      unread.add(snapshot);
    }
    // Manifest lists, then manifests, are independent files: read them on Iceberg's worker pool.
    Queue<ManifestFile> listed = new ConcurrentLinkedQueue<>();
    inParallel(unread, snapshot -> listed.addAll(snapshot.allManifests(io)));
    List<ManifestFile> manifests = new ArrayList<>();
    for (ManifestFile manifest : listed) {
      if (seenManifests.add(manifest.path())) {
        live.add(normalize(manifest.path()));
        manifests.add(manifest);
      }
    }
    Queue<String> files = new ConcurrentLinkedQueue<>();
    inParallel(manifests, manifest -> files.addAll(paths(manifest, io, specs)));
    live.addAll(files);
    return this;
  }

  /** The normalised paths of the live entries of one manifest. */
  private static List<String> paths(
      ManifestFile manifest, FileIO io, Map<Integer, PartitionSpec> specs) {
    List<String> paths = new ArrayList<>();
    // Only the path column: stats columns are most of a manifest's bytes.
    try (CloseableIterable<? extends ContentFile<?>> files =
        manifest.content() == ManifestContent.DATA
            ? ManifestFiles.read(manifest, io, specs).select(PATH_ONLY)
            : ManifestFiles.readDeleteManifest(manifest, io, specs).select(PATH_ONLY)) {
      files.forEach(file -> paths.add(normalize(file.location())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
    }
    return paths;
  }

  /** Runs {@code task} on each item on Iceberg's worker pool; rethrows the first failure. */
  private static <T> void inParallel(List<T> items, Consumer<T> task) {
    List<Future<?>> running = new ArrayList<>();
    for (T item : items) {
      running.add(ThreadPools.getWorkerPool().submit(() -> task.accept(item)));
    }
    RuntimeException failure = null;
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.forEach(f -> f.cancel(true));
        throw new IllegalStateException("Interrupted while reading manifests", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Adds the files of the table versions whose metadata files are {@code metadataLocations}. A
   * version whose snapshots were all seen with another version (an ancestor of a head: the usual
   * case) is read only for the file names it holds, in parallel; only a version with a snapshot not
   * seen yet is parsed whole.
   */
  ReachableFiles addVersions(Collection<String> metadataLocations, FileIO io) {
    List<String> unseen =
        metadataLocations.stream()
            .filter(location -> !seenMetadata.contains(normalize(location)))
            .distinct()
            .toList();
    // Read-only use of the seen sets while the pool runs: only this thread writes them, after.
    Map<String, List<String>> namesOnly = new ConcurrentHashMap<>();
    inParallel(
        unseen,
        location -> {
          MetadataFileRefs refs = MetadataFileRefs.read(io, location);
          if (refs != null && seenManifestLists.containsAll(refs.manifestLists())) {
            namesOnly.put(location, refs.otherFiles());
          }
        });
    for (String location : unseen) {
      List<String> others = namesOnly.get(location);
      if (others == null) {
        add(TableMetadataParser.read(io, location), io);
      } else if (seenMetadata.add(normalize(location))) {
        live.add(normalize(location));
        others.forEach(file -> live.add(normalize(file)));
      }
    }
    return this;
  }

  /** The normalised paths of every file added so far. */
  Set<String> live() {
    return live;
  }

  /**
   * One spelling per file: {@code file:/x}, {@code file:///x} and {@code /x} are the same file, as
   * are {@code s3://b/k}, {@code s3a://b/k} and {@code s3n://b/k}; repeated slashes collapse.
   */
  static String normalize(String location) {
    String scheme = "";
    String rest = location;
    int colon = location.indexOf(':');
    if (colon > 1 && SCHEME.matcher(location.substring(0, colon)).matches()) {
      scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = location.substring(colon + 1);
    }
    switch (scheme) {
      case "", "file" -> {
        return "file:/"
            + LEADING_SLASHES.matcher(SLASHES.matcher(rest).replaceAll("/")).replaceFirst("");
      }
      case "s3a", "s3n" -> scheme = "s3";
      default -> {}
    }
    // Keep the authority (bucket) after "//", collapse slashes in the key.
    String authorityAndPath = LEADING_SLASHES.matcher(rest).replaceFirst("");
    return scheme + "://" + SLASHES.matcher(authorityAndPath).replaceAll("/");
  }
}
