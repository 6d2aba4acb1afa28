package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed file names of a metadata file are those Iceberg's parser finds. */
class MetadataFileRefsTest {
  @TempDir Path warehouse;

  @Test
  void namesTheManifestListsAndMetadataLogTheParserFinds() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = Events.create(floe, "ml.events", FileFormat.PARQUET);
      long next = 0;
      for (int i = 0; i < 4; i++) {
        next = Events.append(table, "main", next, 5, "a", "b");
      }
      TableMetadata metadata = ((HasTableOperations) table).operations().current();

      MetadataFileRefs refs = MetadataFileRefs.read(table.io(), metadata.metadataFileLocation());

      assertThat(refs.manifestLists())
          .containsExactlyElementsOf(
              metadata.snapshots().stream().map(Snapshot::manifestListLocation).toList())
          .hasSize(4);
      assertThat(refs.otherFiles())
          .containsExactlyElementsOf(
              metadata.previousFiles().stream().map(TableMetadata.MetadataLogEntry::file).toList())
          .isNotEmpty();
    }
  }
}
