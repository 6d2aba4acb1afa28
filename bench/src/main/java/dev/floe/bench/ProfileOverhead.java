package dev.floe.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.floe.catalog.Floe;
import dev.floe.ingest.IngestProperties;
import dev.floe.ingest.profile.ProfileTable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * The cost of column profiles, measured in pairs: group commit with profiles off, then on, on the
 * same rows, the order swapped every pair so neither side always runs second. Each pair gives a
 * wall-clock ratio and a ratio of rows per CPU second of the whole process (every thread, the JIT
 * and GC included): on a machine shared with other jobs the wall clock mostly measures the others,
 * while the CPU the ingest burns is its own. Reports the median of each over the pairs.
 */
final class ProfileOverhead {
  private ProfileOverhead() {}

  static void measure(
      Floe floe,
      BenchOptions options,
      int pairs,
      List<List<Record>> batches,
      Map<String, String> result) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long rows = batches.stream().mapToLong(List::size).sum();
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    // The on side writes floe_profiles too, as `floe ingest` does: that is part of profiling.
    ProfileTable profiles = ProfileTable.of(floe, "bench");
    for (int pair = 0; pair < pairs; pair++) {
      double[][] runs = new double[2][]; // [off, on] x [seconds, cpu seconds]
      for (int k = 0; k < 2; k++) {
        boolean on = (pair % 2 == 0) == (k == 1);
        Table table =
            IngestBenchmark.table(
                floe, "profile_pair_" + pair + (on ? "_on" : "_off"), FileFormat.PARQUET);
        table
            .updateProperties()
            .set(IngestProperties.PROFILE_ENABLED, Boolean.toString(on))
            .commit();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        IngestBenchmark.floeGrouped(table, FileFormat.PARQUET, batches, on ? profiles : null);
        runs[on ? 1 : 0] =
            new double[] {Trials.secondsSince(start), (os.getProcessCpuTime() - cpuStart) / 1e9};
      }
      wall.add(runs[0][0] / runs[1][0]);
      cpu.add(runs[0][1] / runs[1][1]);
      options
          .progress()
          .printf(
              Locale.ROOT,
              "profiles pair %d: off %,.0f rows/s (%,.0f rows/cpu-s), on %,.0f rows/s (%,.0f"
                  + " rows/cpu-s)%n",
              pair + 1,
              rows / runs[0][0],
              rows / runs[0][1],
              rows / runs[1][0],
              rows / runs[1][1]);
    }
    result.put("profile_on_vs_off_paired", Trials.hundredths(median(wall)));
    result.put("profile_cpu_on_vs_off", Trials.hundredths(median(cpu)));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
