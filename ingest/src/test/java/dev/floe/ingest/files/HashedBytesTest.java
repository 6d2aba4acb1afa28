package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows committed under a file's content key are the bytes the key names: a file that grows
 * while it is ingested contributes only what was hashed, one rewritten in place fails.
 */
class HashedBytesTest {
  @TempDir Path dir;

  @Test
  void bytesAppendedAfterHashingAreNotReadUnderTheKey() throws IOException {
    Path log = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
    HashedBytes hashed = HashedBytes.of(log);
    Files.writeString(log, "{\"id\": 3}\n", StandardOpenOption.APPEND);

    try (InputStream in = hashed.open(log)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"id\": 1}\n{\"id\": 2}\n");
    }
  }

  @Test
  void fileRewrittenInPlaceFailsAtItsEnd() throws IOException {
    Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n");
    HashedBytes hashed = HashedBytes.of(file);
    Files.writeString(file, "{\"id\": 9}\n");

    assertThatThrownBy(
            () -> {
              try (InputStream in = hashed.open(file)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file + ": changed while being ingested");
  }

  @Test
  void fileCutShortFailsAtItsEnd() throws IOException {
    Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
    HashedBytes hashed = HashedBytes.of(file);
    Files.writeString(file, "{\"id\": 1}\n");

    assertThatThrownBy(
            () -> {
              try (InputStream in = hashed.open(file)) {
                in.readAllBytes();
              }
            })
        .hasMessageContaining("changed while being ingested");
  }
}
