package dev.floe.ingest.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Seeded samples for drift tests: {@code score} normal(mean, 1), {@code category} from a fixed mix,
 * {@code embedding} 8 normal(mean, 1) dimensions. The same seed gives the same rows.
 */
public final class Samples {
  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "score", Types.DoubleType.get()),
          Types.NestedField.optional(3, "category", Types.StringType.get()),
          Types.NestedField.optional(
              4, "embedding", Types.ListType.ofRequired(5, Types.FloatType.get())));
  public static final int DIMENSION = 8;
  private static final List<String> CATEGORIES = List.of("click", "view", "cart", "buy");
  // Shares 0.4, 0.3, 0.2, 0.1.
  private static final double[] CUMULATIVE = {0.4, 0.7, 0.9, 1.0};

  private Samples() {}

  /**
   * {@code count} rows from seed {@code seed}: scores shifted by {@code shift} sigma, embedding
   * dimension 0 shifted by {@code embeddingShift} sigma, and without {@code dropped} (null: all
   * categories), whose rows go to the others.
   */
  public static List<Record> rows(
      long seed, int count, double shift, double embeddingShift, String dropped) {
    return rows(seed, count, shift, embeddingShift, dropped, 1);
  }

  /** As above, every embedding element multiplied by {@code scale} (norms scale with it). */
  public static List<Record> rows(
      long seed, int count, double shift, double embeddingShift, String dropped, double scale) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) i);
      row.setField("score", random.nextGaussian() + shift);
      String category;
      do {
        double u = random.nextDouble();
        int c = 0;
        while (u > CUMULATIVE[c]) {
          c++;
        }
        category = CATEGORIES.get(c);
      } while (category.equals(dropped));
      row.setField("category", category);
      List<Float> embedding = new ArrayList<>(DIMENSION);
      for (int d = 0; d < DIMENSION; d++) {
        embedding.add((float) (scale * (random.nextGaussian() + (d == 0 ? embeddingShift : 0))));
      }
      row.setField("embedding", embedding);
      rows.add(row);
    }
    return rows;
  }

  public static Profile profile(long seed, int count, double shift, double embeddingShift) {
    return Profile.of(SCHEMA, rows(seed, count, shift, embeddingShift, null));
  }
}
