package dev.floe.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python client's tests (pytest, {@code python/tests}) against fixtures Floe's Java API
 * writes here: a warehouse with a table of every type (Parquet, several row groups per file), the
 * locks Java pinned (one table, chosen columns, a row filter, several tables), and the Java exports
 * of one lock as Arrow IPC files. So the Python digest is checked against Java's on real files, per
 * file and root. {@code test_flight.py} streams shards from a real {@code floe serve} started from
 * the built CLI jar on this JVM.
 */
class PythonClientTest {
  private static final List<String> TESTS =
      List.of(
          "tests/test_digest_vectors.py",
          "tests/test_lock.py",
          "tests/test_verify.py",
          "tests/test_ipc.py",
          "tests/test_request.py",
          "tests/test_dataset.py",
          "tests/test_flight.py");

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;

  @Test
  void pythonClientPassesItsTestsOnTablesWrittenByJava() throws Exception {
    Path module = Path.of(System.getProperty("floe.python.module", "")).toAbsolutePath();
    assertThat(module.resolve("pyproject.toml")).as("floe.python.module").exists();
    PythonVenv venv = PythonVenv.ready(module);
    Path fixtures = writeFixtures(temp.floe(), temp.resource(BufferAllocator.class));

    List<String> command = new ArrayList<>(List.of(venv.python().toString(), "-m", "pytest"));
    command.addAll(List.of("-p", "no:cacheprovider", "-q", "-rs", "--color=no"));
    command.addAll(TESTS);
    Path cliJar = Path.of(System.getProperty("floe.cli.jar", "")).toAbsolutePath();
    assertThat(cliJar).as("floe.cli.jar").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cli =
        new ObjectMapper()
            .writeValueAsString(
                List.of(
                    java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", cliJar.toString()));
    PythonVenv.Result result =
        venv.exec(command, Map.of("FLOE_PY_FIXTURES", fixtures.toString(), "FLOE_CLI", cli), 20);

    System.out.println("pytest: " + result.output().strip().lines().reduce((a, b) -> b).orElse(""));
    assertThat(result.exit()).as("pytest exit code; its output:\n%s", result.output()).isZero();
    // Every test ran: a skip (a missing fixture, say) would hide a check.
    assertThat(result.output()).as(result.output()).doesNotContain("skipped");
    assertThat(result.output()).containsPattern("\\d+ passed");
  }

  /** Writes the fixtures; returns the JSON file that names them for the Python tests. */
  private Path writeFixtures(Floe floe, BufferAllocator allocator) throws Exception {
    EveryTypeTable.create(floe, 5, 160);
    EveryTypeTable.labels(floe, 50);

    TrainingLock all = TimeTravel.pin(floe, EveryTypeTable.NAME).tag("all").commit();
    all.write(runs.resolve("every.lock.json"));
    TimeTravel.pin(floe, EveryTypeTable.NAME)
        .select("vec", "id", "f")
        .tag("some")
        .writeTo(runs.resolve("columns.lock.json"));
    TimeTravel.pin(floe, EveryTypeTable.NAME)
        .filter(Expressions.lessThan("id", 100))
        .tag("filtered")
        .writeTo(runs.resolve("filtered.lock.json"));
    TimeTravel.pinAll(floe, List.of(EveryTypeTable.NAME, "db.labels"))
        .tag("both")
        .writeTo(runs.resolve("multi.lock.json"));

    TrainingLock split =
        TimeTravel.pin(floe, EveryTypeTable.NAME)
            .split(new Split("id", 0.8, 0.1, 0.1, 42))
            .tag("split")
            .writeTo(runs.resolve("split.lock.json"));

    TimeTravel.rehydrate(floe, all).writeArrow(runs.resolve("every.arrow"), allocator);
    TimeTravel.rehydrate(floe, split)
        .part(Split.Part.TRAIN)
        .writeArrow(runs.resolve("train.arrow"), allocator);
    TimeTravel.rehydrate(floe, all).writeArrowStream(runs.resolve("every.arrows"), allocator);

    ObjectNode names = new ObjectMapper().createObjectNode();
    names.put("warehouse", temp.path().toString());
    names.put("lock", runs.resolve("every.lock.json").toString());
    names.put("columns_lock", runs.resolve("columns.lock.json").toString());
    names.put("filtered_lock", runs.resolve("filtered.lock.json").toString());
    names.put("multi_lock", runs.resolve("multi.lock.json").toString());
    names.put("split_lock", runs.resolve("split.lock.json").toString());
    names.put("train_arrow", runs.resolve("train.arrow").toString());
    names.put("arrow_file", runs.resolve("every.arrow").toString());
    names.put("arrow_stream", runs.resolve("every.arrows").toString());
    names.put("rows", 800);
    names.put("scratch", Files.createDirectories(runs.resolve("scratch")).toString());
    Path file = runs.resolve("fixtures.json");
    Files.writeString(file, names.toString());
    return file;
  }
}
