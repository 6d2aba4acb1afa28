package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows committed under a file's content key are the bytes the key names: a file that grows
 * while it is ingested contributes only what was hashed, one rewritten in place or cut short fails.
 */
class HashedBytesTest {
  @TempDir Path dir;

  @Test
  void bytesAppendedAfterHashingAreNotReadUnderTheKey() throws IOException {
    Path log = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n");
    HashedBytes hashed = HashedBytes.of(log);
    Files.writeString(log, "{\"id\": 3}\n", StandardOpenOption.APPEND);

    assertThat(read(hashed, log)).isEqualTo("{\"id\": 1}\n{\"id\": 2}\n");
  }

  @Test
  void fileRewrittenInPlaceOrCutShortFailsAtItsEnd() throws IOException {
    String hashedText = "{\"id\": 1}\n{\"id\": 2}\n";
    // Rewritten with as many bytes, then cut short.
    for (String changed : List.of("{\"id\": 1}\n{\"id\": 9}\n", "{\"id\": 1}\n")) {
      Path file = Files.writeString(dir.resolve("a.jsonl"), hashedText);
      HashedBytes hashed = HashedBytes.of(file);
      Files.writeString(file, changed);

      assertThatThrownBy(() -> read(hashed, file))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(file + ": changed while being ingested");
    }
  }

  private static String read(HashedBytes hashed, Path file) throws IOException {
    try (InputStream in = hashed.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
