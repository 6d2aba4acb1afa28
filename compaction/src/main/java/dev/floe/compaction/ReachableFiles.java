package dev.floe.compaction;

import dev.floe.catalog.internal.CarriedLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * Every file a table's metadata still points to, from every snapshot it keeps (so every branch and
 * tag, and snapshots no ref reaches yet), as normalised paths: statistics files and the ingest
 * writers' ledger files included.
 */
final class ReachableFiles {
  private ReachableFiles() {}

  static Set<String> of(Table table) {
    if (!(table instanceof HasTableOperations withOps)) {
      throw new UnsupportedOperationException(
          "Cannot list files of " + table.name() + ": not a metadata table handle");
    }
    table.refresh();
    TableMetadata metadata = withOps.operations().current();
    FileIO io = table.io();
    Map<Integer, PartitionSpec> specs = table.specs();
    Set<String> live = new HashSet<>();
    live.add(normalize(metadata.metadataFileLocation()));
    metadata.previousFiles().forEach(entry -> live.add(normalize(entry.file())));
    for (StatisticsFile stats : metadata.statisticsFiles()) {
      live.add(normalize(stats.path()));
    }
    metadata.partitionStatisticsFiles().forEach(stats -> live.add(normalize(stats.path())));
    Set<String> seenManifests = new HashSet<>();
    for (Snapshot snapshot : metadata.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        live.add(normalize(snapshot.manifestListLocation()));
      }
      // The writers' ledger file is a statistics file too, unless another tool replaced the
      // snapshot's entry: the summary still names it, and the ledger must outlive such a swap.
      CarriedLedger.Pointer ledger = CarriedLedger.Pointer.of(snapshot.summary());
      if (ledger != null) {
        live.add(normalize(ledger.location()));
      }
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (!seenManifests.add(manifest.path())) {
          continue;
        }
        live.add(normalize(manifest.path()));
        try (CloseableIterable<? extends ContentFile<?>> files =
            manifest.content() == ManifestContent.DATA
                ? ManifestFiles.read(manifest, io, specs)
                : ManifestFiles.readDeleteManifest(manifest, io, specs)) {
          files.forEach(file -> live.add(normalize(file.location())));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
        }
      }
    }
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
    if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = location.substring(colon + 1);
    }
    switch (scheme) {
      case "", "file" -> {
        return "file:/" + rest.replaceAll("/+", "/").replaceFirst("^/", "");
      }
      case "s3a", "s3n" -> scheme = "s3";
      default -> {}
    }
    // Keep the authority (bucket) after "//", collapse slashes in the key.
    String authorityAndPath = rest.replaceFirst("^/+", "");
    return scheme + "://" + authorityAndPath.replaceAll("/+", "/");
  }
}
