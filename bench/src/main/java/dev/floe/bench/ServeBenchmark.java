package dev.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.serve.FloeServer;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.lock.LockFileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * Streams one lock through {@code floe serve} (Arrow Flight on 127.0.0.1) to 1, 2 and 4 local
 * clients, one shard each, against rehydrating the same lock in-process: what the network hop and
 * the serialization cost a trainer. Server and clients share this JVM and its cores.
 */
final class ServeBenchmark extends NamedBenchmark {
  private static final int DAYS = 10;
  static final String IN_PROCESS = "rehydrate in-process";
  private static final int[] CLIENTS = {1, 2, 4};
  private static final ObjectMapper JSON = new ObjectMapper();

  ServeBenchmark() {
    super("serve", "rows/s and MB/s through floe serve (Flight) to 1, 2, 4 clients vs in-process");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 300_000 : 2_000_000;
    int reps = options.quick() ? 3 : 5;
    String workload = "events, 5 flat columns, parquet";
    List<BenchCase> cases = new ArrayList<>();
    Trials.inWarehouse(
        options,
        "serve",
        floe -> {
          table(floe, rows, options);
          TrainingLock lock =
              TimeTravel.pin(floe, "bench.events")
                  .select(ReadBenchmark.FLAT.toArray(new String[0]))
                  .commit();
          try (BufferAllocator serverMemory = new RootAllocator();
              BufferAllocator clientMemory = new RootAllocator();
              FloeServer server =
                  FloeServer.builder(floe).port(0).allocator(serverMemory).build()) {
            List<IntFunction<BenchCase>> subjects = new ArrayList<>();
            subjects.add(rep -> inProcess(floe, lock, workload));
            for (int clients : CLIENTS) {
              subjects.add(rep -> flight(server, clientMemory, lock, clients, workload));
            }
            subjects.forEach(s -> s.apply(-1)); // warm up every path once
            cases.addAll(Trials.medians(reps, Trials.Order.ROTATE, subjects, (rep, done) -> {}));
          }
        });
    for (BenchCase c : cases) {
      options
          .progress()
          .printf(
              Locale.ROOT,
              "%s: %,.0f rows/s, %.1f MB/s%n",
              c.subject(),
              c.rowsPerSecond(),
              c.megabytesPerSecond());
    }
    Map<String, String> result = new LinkedHashMap<>();
    BenchCase local = cases.get(0);
    result.put("inprocess_rows_per_s", Trials.whole(local.rowsPerSecond()));
    for (int i = 0; i < CLIENTS.length; i++) {
      BenchCase flight = cases.get(i + 1);
      String key = "flight" + CLIENTS[i];
      result.put(key + "_rows_per_s", Trials.whole(flight.rowsPerSecond()));
      result.put(key + "_mb_per_s", Trials.tenths(flight.megabytesPerSecond()));
      result.put(key + "_vs_inprocess", Trials.ratio(flight, local));
    }
    String notes =
        String.format(
            Locale.ROOT,
            "%,d event rows in %d daily partitions, one lock of 5 flat columns, median of %d"
                + " run(s). 'flight N' runs N Flight clients at once on one floe serve (same JVM,"
                + " 127.0.0.1), each streaming shard r of N (world_size N); rows/s counts all"
                + " shards together, wall clock from GetFlightInfo to the last batch. MB/s counts"
                + " the Arrow buffer bytes received. In-process rehydrates the lock verified in one"
                + " reader. Every unit is verified against its digest either way.",
            rows,
            DAYS,
            reps);
    return report(options, cases, result, notes);
  }

  private static BenchCase inProcess(Floe floe, TrainingLock lock, String workload) {
    long start = System.nanoTime();
    long rows = 0;
    long bytes = 0;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        rows += batch.getRowCount();
        bytes += bytes(batch);
      }
    }
    return new BenchCase(IN_PROCESS, workload, rows, bytes, Trials.secondsSince(start));
  }

  private static BenchCase flight(
      FloeServer server, BufferAllocator memory, TrainingLock lock, int clients, String workload) {
    long start = System.nanoTime();
    long[] totals = new long[2];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (FlightClient client = FlightClient.builder(memory, server.location()).build()) {
      FlightInfo info = client.getInfo(FlightDescriptor.command(request(lock, clients)));
      List<Future<long[]>> shards = new ArrayList<>();
      for (int r = 0; r < clients; r++) {
        Ticket ticket = info.getEndpoints().get(r).getTicket();
        shards.add(pool.submit(() -> stream(server, memory, ticket)));
      }
      for (Future<long[]> shard : shards) {
        long[] got = shard.get();
        totals[0] += got[0];
        totals[1] += got[1];
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stream through floe serve: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    return new BenchCase(
        "flight " + clients + " client(s)",
        workload,
        totals[0],
        totals[1],
        Trials.secondsSince(start));
  }

  // One client's shard: its rows and Arrow bytes.
  private static long[] stream(FloeServer server, BufferAllocator memory, Ticket ticket)
      throws Exception {
    long rows = 0;
    long bytes = 0;
    try (FlightClient client = FlightClient.builder(memory, server.location()).build();
        FlightStream stream = client.getStream(ticket)) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
        bytes += bytes(stream.getRoot());
      }
    }
    return new long[] {rows, bytes};
  }

  private static byte[] request(TrainingLock lock, int worldSize) {
    try {
      ObjectNode request = JSON.createObjectNode();
      request.put("version", 1);
      request.set("lock", JSON.readTree(LockFileParser.toJson(new LockFile(List.of(lock)))));
      request.put("world_size", worldSize);
      return JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long bytes(VectorSchemaRoot batch) {
    long bytes = 0;
    for (FieldVector vector : batch.getFieldVectors()) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }

  private static void table(Floe floe, int rows, BenchOptions options) {
    options.progress().printf(Locale.ROOT, "writing %,d event rows%n", rows);
    Table table =
        floe.tables()
            .createIfAbsent(
                "bench.events",
                EventData.SCHEMA,
                PartitionSpec.builderFor(EventData.SCHEMA).day("event_ts").build());
    int batch = rows / 10;
    for (int start = 0, n = 0; start < rows; start += batch, n++) {
      GenericWriterBaseline.append(
          table,
          FileFormat.PARQUET,
          EventData.generate(start, Math.min(batch, rows - start), DAYS, 0, 7),
          n);
    }
  }
}
