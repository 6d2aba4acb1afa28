package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockFileException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock files edited by hand into something no Floe wrote are refused when read, in one line naming
 * the file and the field, instead of being read as some other lock.
 */
class HandEditedLockTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path dir;
  private Path file;
  private String json;

  @BeforeEach
  void pin() throws IOException {
    Floe floe = temp.floe();
    Table table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 50));
    file = dir.resolve("lock.json");
    TimeTravel.pin(floe, TestEvents.NAME).commit().write(file);
    json = Files.readString(file);
    assertThat(LockFile.read(file).locks().get(0).formatVersion()).isEqualTo(5);
  }

  @Test
  void aFormatVersionBelowOneIsRefused() throws IOException {
    for (String version : new String[] {"0", "-1"}) {
      edit("\"formatVersion\" : 5", "\"formatVersion\" : " + version);

      assertRefused("field 'formatVersion' must be an integer from 1 to 5, is " + version);
    }
  }

  @Test
  void aFormatVersionThatWrapsToFiveIsRefused() throws IOException {
    edit("\"formatVersion\" : 5", "\"formatVersion\" : " + ((1L << 32) + 5));

    assertRefused("format version " + ((1L << 32) + 5) + " is newer than this Floe reads");
  }

  @Test
  void aDataFileCountThatWrapsIsRefused() throws IOException {
    int files = LockFile.read(file).locks().get(0).dataFiles();
    edit("\"dataFiles\" : " + files, "\"dataFiles\" : " + ((1L << 32) + files));

    assertRefused("field 'dataFiles' must be an integer from");
  }

  @Test
  void aFormatFiveLockRelabelledFourIsRefused() throws IOException {
    edit("\"formatVersion\" : 5", "\"formatVersion\" : 4");

    assertRefused("field 'digestAlgorithm'");
  }

  @Test
  void aFieldGivenTwiceIsRefused() throws IOException {
    edit("\"formatVersion\" : 5,", "\"formatVersion\" : 5, \"snapshotId\" : 1,");

    assertRefused("Duplicate field 'snapshotId'");
  }

  @Test
  void bytesThatAreNotTextAreRefusedAsSuch() throws IOException {
    Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, 0, '}'});

    assertRefused("not UTF-8 text");
  }

  @Test
  void aDeviceThatNeverEndsIsRefusedWithoutExhaustingTheHeap() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");

    assertThatThrownBy(() -> LockFile.read(zero))
        .isInstanceOf(LockFileException.class)
        .hasMessage(
            "Cannot read lock file /dev/zero: not a regular file, and more than 64 MiB read from it");
  }

  private void edit(String from, String to) throws IOException {
    assertThat(json).contains(from);
    Files.writeString(file, json.replace(from, to));
  }

  private void assertRefused(String reason) {
    assertThatThrownBy(() -> LockFile.read(file))
        .isInstanceOf(LockFileException.class)
        .hasMessageStartingWith("Cannot read lock file " + file)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Exception"));
  }
}
