package dev.floe.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.timetravel.FileDigest;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.lock.LockFileParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request that gives a field twice is refused: read as its last value by the server, it may be
 * read as its first by the client or a proxy that checked it, and {@code world_size} or {@code
 * rank} would then differ between the two (every rank handed rows meant for others).
 */
class ServeRequestFieldTwiceTest {
  @Test
  void aWorldSizeGivenTwiceIsRefused() {
    String request =
        "{\"version\": 1, \"world_size\": 1, \"world_size\": 4, \"lock\": " + lock() + "}";

    assertThatThrownBy(() -> ServeRequest.parse(request.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid request: not JSON: Duplicate field 'world_size'");
  }

  @Test
  void aRankGivenTwiceInATicketIsRefused() {
    String ticket =
        "{\"version\": 1, \"world_size\": 2, \"rank\": 0, \"rank\": 1, \"lock\": " + lock() + "}";

    assertThatThrownBy(() -> ServeRequest.parse(ticket.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid request: not JSON: Duplicate field 'rank'");
  }

  private static String lock() {
    return LockFileParser.toJson(
        new LockFile(
            List.of(
                TrainingLock.builderFor("db.a", 7)
                    .catalog("floe")
                    .files("f".repeat(64), 0, 0)
                    .contentDigest(FileDigest.root(List.of()))
                    .fileDigests(List.of())
                    .tag("t")
                    .pinnedAt(Instant.EPOCH)
                    .build())));
  }
}
