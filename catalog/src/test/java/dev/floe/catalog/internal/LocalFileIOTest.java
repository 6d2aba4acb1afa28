package dev.floe.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalFileIO} on real files: Iceberg's create rules, both location forms, listings. */
class LocalFileIOTest {
  @TempDir Path dir;
  private final LocalFileIO io = new LocalFileIO();

  @Test
  void createRefusesAnExistingFileAndCreateOrOverwriteReplacesIt() throws IOException {
    String location = dir.resolve("a/b/metadata.json").toString();
    write(io.newOutputFile(location), "first".getBytes());

    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Path already exists: " + location);
    assertThat(Files.readString(Path.of(location))).isEqualTo("first");
    try (PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write("2nd".getBytes());
    }
    assertThat(Files.readString(Path.of(location))).isEqualTo("2nd");
  }

  @Test
  void plainPathsAndFileUrisNameTheSameFile() throws IOException {
    Path file = dir.resolve("data dir/part-0.parquet"); // a space, as Hadoop wrote it: unescaped
    write(io.newOutputFile("file:" + file), "x".repeat(10).getBytes());

    for (String location :
        new String[] {
          file.toString(), "file:" + file, "file://" + file, "file://localhost" + file
        }) {
      InputFile input = io.newInputFile(location);
      assertThat(input.exists()).as(location).isTrue();
      assertThat(input.getLength()).as(location).isEqualTo(10);
      assertThat(input.location()).isEqualTo(location);
    }
    assertThatThrownBy(() -> io.newInputFile("file://elsewhere" + file))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("host elsewhere is not this one");
    assertThatThrownBy(() -> io.newInputFile("s3://bucket/key"))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("not a path or file: URI");
  }

  @Test
  void aMissingFileIsIcebergsNotFound() {
    InputFile missing = io.newInputFile(dir.resolve("nope.avro").toString());

    assertThat(missing.exists()).isFalse();
    assertThatThrownBy(missing::getLength).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(missing::newStream)
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope.avro");
  }

  @Test
  void streamsReadBackEveryByteAtAnyPositionAndCountWhatTheyWrite() throws IOException {
    byte[] bytes = new byte[700_000];
    new Random(3).nextBytes(bytes);
    OutputFile output = io.newOutputFile(dir.resolve("blob").toString());
    try (PositionOutputStream out = output.create()) {
      int at = 0;
      Random sizes = new Random(4);
      while (at < bytes.length) {
        int n = Math.min(bytes.length - at, sizes.nextInt(3) == 0 ? 1 : sizes.nextInt(300_000));
        if (n == 1) {
          out.write(bytes[at]);
        } else {
          out.write(bytes, at, n);
        }
        at += n;
        assertThat(out.getPos()).isEqualTo(at);
      }
    }
    InputFile input = output.toInputFile();
    assertThat(input.getLength()).isEqualTo(bytes.length);
    try (SeekableInputStream in = input.newStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
      Random seeks = new Random(5);
      for (int i = 0; i < 200; i++) {
        int position = seeks.nextInt(bytes.length);
        int length = Math.min(bytes.length - position, seeks.nextInt(100_000));
        in.seek(position);
        assertThat(in.getPos()).isEqualTo(position);
        if (i % 2 == 0) {
          assertThat(in.read()).isEqualTo(bytes[position] & 0xFF);
          assertThat(in.getPos()).isEqualTo(position + 1);
        } else {
          assertThat(in.readNBytes(length))
              .isEqualTo(Arrays.copyOfRange(bytes, position, position + length));
          assertThat(in.getPos()).isEqualTo(position + length);
        }
      }
      RangeReadable ranges = (RangeReadable) in;
      byte[] range = new byte[1000];
      ranges.readFully(123_456, range, 0, 1000);
      assertThat(range).isEqualTo(Arrays.copyOfRange(bytes, 123_456, 124_456));
      assertThat(ranges.readTail(range, 0, 1000)).isEqualTo(1000);
      assertThat(range).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 1000, bytes.length));
      in.seek(bytes.length);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void listPrefixFindsEveryFileBelowInTheFormOfThePrefixAndDeletePrefixRemovesThem()
      throws IOException {
    Path table = dir.resolve("db/t");
    for (String name : new String[] {"metadata/v1.json", "data/d=1/a.parquet", "data/b.parquet"}) {
      Files.createDirectories(table.resolve(name).getParent());
      Files.writeString(table.resolve(name), name);
    }
    Files.writeString(dir.resolve("db/t2.txt"), "a sibling, not below the prefix");

    assertThat(locations(table.toString()))
        .containsExactlyInAnyOrder(
            table + "/metadata/v1.json", table + "/data/d=1/a.parquet", table + "/data/b.parquet");
    assertThat(locations("file:" + table + "/"))
        .containsExactlyInAnyOrder(
            "file:" + table + "/metadata/v1.json",
            "file:" + table + "/data/d=1/a.parquet",
            "file:" + table + "/data/b.parquet");
    FileInfo one = io.listPrefix(table + "/metadata").iterator().next();
    assertThat(one.size()).isEqualTo("metadata/v1.json".length());
    assertThat(locations(dir.resolve("nothing").toString())).isEmpty();

    io.deletePrefix("file://" + table);
    assertThat(table).doesNotExist();
    assertThat(dir.resolve("db/t2.txt")).exists();
    io.deleteFile(dir.resolve("db/t2.txt").toString());
    io.deleteFile(dir.resolve("db/t2.txt").toString()); // gone already: nothing to do
    assertThat(dir.resolve("db/t2.txt")).doesNotExist();
  }

  @Test
  void keepsThePropertiesItWasGiven() {
    io.initialize(Map.of("k", "v"));
    assertThat(io.properties()).containsExactly(Map.entry("k", "v"));
  }

  private String[] locations(String prefix) {
    return StreamSupport.stream(io.listPrefix(prefix).spliterator(), false)
        .map(FileInfo::location)
        .toArray(String[]::new);
  }

  private static void write(OutputFile file, byte[] bytes) throws IOException {
    try (PositionOutputStream out = file.create()) {
      out.write(bytes);
    }
    try (InputStream in = file.toInputFile().newStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }
}
