package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing a local table folder through java.nio while writers and expiry delete files in it. */
class LocalFilesTest {
  @TempDir Path root;

  private Path file(String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, relative);
    return file;
  }

  private static List<String> names(List<FileInfo> files) {
    return files.stream()
        .map(f -> Path.of(f.location().substring(5)).getFileName().toString())
        .sorted()
        .toList();
  }

  @Test
  void skipsFilesAndFoldersDeletedBetweenReadingTheirFolderAndStatingThem() throws IOException {
    file("data/a.parquet");
    Path vanishing = file("data/b.parquet");
    file("data/c.parquet");
    file("metadata/v1.metadata.json");
    Path vanishingFolder = root.resolve("data/part=x");
    file("data/part=x/d.parquet");

    List<FileInfo> listed =
        LocalFiles.list(
            root,
            (folder, entries) -> {
              // A concurrent expire deletes a file and a whole folder after the listing saw them.
              if (folder.equals(root.resolve("data"))) {
                delete(vanishing);
                delete(vanishingFolder.resolve("d.parquet"));
                delete(vanishingFolder);
              }
            });

    assertThat(names(listed)).containsExactly("a.parquet", "c.parquet", "v1.metadata.json");
    assertThat(listed).allMatch(f -> f.location().startsWith("file:/") && f.size() > 0);
  }

  @Test
  void aMissingRootHoldsNothing() {
    assertThat(LocalFiles.list(root.resolve("never-written"))).isEmpty();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
