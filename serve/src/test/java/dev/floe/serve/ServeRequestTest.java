package dev.floe.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.timetravel.EqualShards;
import dev.floe.timetravel.FileDigest;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.lock.LockFileParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests of protocol version 1: what they carry, and the reasons bad ones are refused. */
class ServeRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRequestCarriesItsOptionsAndATicketAddsTheRank() throws Exception {
    TrainingLock split =
        TrainingLock.builderFrom(lock("db.a"))
            .split(Split.by("id").validation(1).seed(1).build(), Map.of())
            .build();
    ObjectNode request = request(new LockFile(List.of(split)));
    request.put("part", "validation").put("world_size", 3).put("epoch", 9).put("shuffle", true);
    request.put("equal", "drop");

    ServeRequest parsed = ServeRequest.parse(JSON.writeValueAsBytes(request));

    assertThat(parsed.lock().table()).isEqualTo("db.a");
    assertThat(parsed.part()).isEqualTo(Split.Part.VALIDATION);
    assertThat(parsed.worldSize()).isEqualTo(3);
    assertThat(parsed.epoch()).isEqualTo(9);
    assertThat(parsed.shuffle()).isTrue();
    assertThat(parsed.equal()).isEqualTo(EqualShards.DROP);
    assertThat(parsed.rank()).isNull();
    ServeRequest ticket = ServeRequest.parse(parsed.ticket(2));
    assertThat(ticket.rank()).isEqualTo(2);
    assertThat(ticket.lock()).isEqualTo(parsed.lock());
    assertThat(JSON.readTree(parsed.ticket(2)).get("part").asText()).isEqualTo("validation");
  }

  @Test
  void aLockOfSeveralTablesNeedsTheTableNamed() throws Exception {
    ObjectNode request = request(new LockFile(List.of(lock("db.a"), lock("db.b"))));
    assertThatThrownBy(() -> ServeRequest.parse(JSON.writeValueAsBytes(request)))
        .hasMessage(
            "Invalid request: the lock pins 2 tables (db.a, db.b): name one in field 'table'");
    request.put("table", "db.b");
    assertThat(ServeRequest.parse(JSON.writeValueAsBytes(request)).lock().table())
        .isEqualTo("db.b");
    request.put("table", "db.c");
    assertThatThrownBy(() -> ServeRequest.parse(JSON.writeValueAsBytes(request)))
        .hasMessage("Invalid request: the lock pins no table 'db.c' (it pins: db.a, db.b)");
  }

  @Test
  void wrongTypesAreRefusedNotGuessed() throws Exception {
    ObjectNode request = request(new LockFile(List.of(lock("db.a"))));
    for (String[] bad :
        new String[][] {
          {"world_size", "\"2\"", "field 'world_size' must be an integer, is \"2\""},
          {"shuffle", "1", "field 'shuffle' must be true or false"},
          {"equal", "\"both\"", "field 'equal' must be none, drop or pad, is \"both\""},
          {"epoch", "1.5", "field 'epoch' must be an integer, is 1.5"},
          {"lock", "\"/etc/lock.json\"", "field 'lock' must be the lock file's JSON object"},
        }) {
      ObjectNode copy = request.deepCopy();
      copy.set(bad[0], JSON.readTree(bad[1]));
      assertThatThrownBy(() -> ServeRequest.parse(JSON.writeValueAsBytes(copy)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad[2]);
    }
    assertThatThrownBy(() -> ServeRequest.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("Invalid request: not a JSON object");
    ObjectNode noSplit = request.deepCopy().put("part", "test");
    assertThatThrownBy(() -> ServeRequest.parse(JSON.writeValueAsBytes(noSplit)))
        .hasMessage("Invalid request: field 'part' is test, but the lock of db.a has no split");
    TrainingLock noDigest =
        TrainingLock.builderFrom(lock("db.a")).contentDigest(null).fileDigests(null).build();
    ObjectNode old = request(new LockFile(List.of(noDigest)));
    assertThatThrownBy(() -> ServeRequest.parse(JSON.writeValueAsBytes(old)))
        .hasMessageContaining("the lock of db.a pins no per-file content digests");
  }

  private static ObjectNode request(LockFile file) throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.put("version", 1);
    request.set("lock", JSON.readTree(LockFileParser.toJson(file)));
    return request;
  }

  private static TrainingLock lock(String table) {
    return TrainingLock.builderFor(table, 7)
        .catalog("floe")
        .files("f".repeat(64), 0, 0)
        .contentDigest(FileDigest.root(List.of()))
        .fileDigests(List.of())
        .tag("t")
        .pinnedAt(Instant.EPOCH)
        .build();
  }
}
