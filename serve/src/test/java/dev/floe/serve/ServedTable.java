package dev.floe.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.lock.LockFileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;

/** A pinned events table to serve: files of unequal sizes, a split, and rows as comparable text. */
final class ServedTable {
  static final String NAME = "ml.events";
  static final Split SPLIT = Split.by("id").train(0.7).validation(0.2).test(0.1).seed(3).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private ServedTable() {}

  /** Appends one unpartitioned, uncompressed Parquet file per size (ids from 1000 on); pins it. */
  static TrainingLock pin(Floe floe, int... fileRows) {
    Table table =
        floe.tables().createIfAbsent(NAME, MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    table.updateProperties().set(TableProperties.PARQUET_COMPRESSION, "uncompressed").commit();
    long id = 1000;
    for (int rows : fileRows) {
      long from = id;
      List<Record> records =
          LongStream.range(from, from + rows).mapToObj(i -> row(table, i)).toList();
      GenericData.append(table, "main", FileFormat.PARQUET, records);
      id += rows;
    }
    return TimeTravel.pin(floe, NAME).split(SPLIT).commit();
  }

  private static Record row(Table table, long id) {
    return MlEvents.row(
        table.schema(),
        id,
        id % 11,
        START.plusSeconds(id),
        id % 7 == 3 ? null : "label-" + id,
        id % 9 == 4 ? null : Arrays.asList(id * 0.5f, id % 4 == 0 ? null : 1f));
  }

  /** A protocol request for {@code lock}: version 1 and the lock inline, then {@code more}. */
  static byte[] request(TrainingLock lock, UnaryOperator<ObjectNode> more) {
    try {
      ObjectNode request = JSON.createObjectNode();
      request.put("version", 1);
      request.set("lock", JSON.readTree(LockFileParser.toJson(new LockFile(List.of(lock)))));
      return JSON.writeValueAsBytes(more.apply(request));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The rows of {@code part} (null: all) read in-process, as text, sorted. */
  static List<String> rehydrated(Floe floe, TrainingLock lock, Split.Part part, BufferAllocator a) {
    List<String> rows = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).part(part).arrow(a)) {
      batches.forEach(batch -> add(batch, rows));
    }
    return rows.stream().sorted().toList();
  }

  /** Adds every row of {@code batch} to {@code rows} as one line of text. */
  static void add(VectorSchemaRoot batch, List<String> rows) {
    for (int i = 0; i < batch.getRowCount(); i++) {
      StringBuilder row = new StringBuilder();
      for (FieldVector vector : batch.getFieldVectors()) {
        row.append(vector.getObject(i)).append('|');
      }
      rows.add(row.toString());
    }
  }

  /**
   * Changes one stored amount of the lock's first data file on disk (same size, still valid
   * Parquet), as a bit flip would; returns that file's location.
   */
  static String tamperFirstFile(Floe floe, TrainingLock lock, BufferAllocator allocator) {
    String location = lock.fileDigests().get(0).path();
    Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    long id;
    // Files are read in lock order: the first batch is the first file's.
    try (ArrowBatches batches =
        TimeTravel.read(floe, NAME).select("id").threads(1).arrow(allocator)) {
      id = ((BigIntVector) batches.iterator().next().getVector(0)).get(0);
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      int at = indexOf(bytes, le(id * 1.5));
      if (at < 0) {
        throw new AssertionError("amount of id " + id + " not found in " + file);
      }
      System.arraycopy(le(-1.0), 0, bytes, at, 8);
      Files.write(file, bytes);
      return location;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] le(double value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
  }

  private static int indexOf(byte[] bytes, byte[] find) {
    outer:
    for (int i = 0; i + find.length <= bytes.length; i++) {
      for (int j = 0; j < find.length; j++) {
        if (bytes[i + j] != find[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
