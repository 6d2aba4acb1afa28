package dev.floe.ingest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;

/**
 * Orders the rows of one partition, held in several roots, by a {@link SortOrder}, reading the keys
 * straight from the vectors. Each key is the source value in Iceberg's internal representation
 * (what {@link VectorPartitions} reads for partition keys) put through the field's transform, and
 * keys compare as Iceberg's {@code SortOrderComparators} compare them: Iceberg's comparator for the
 * transform's result type, reversed for descending, nulls first or last as the field says whatever
 * the direction. The sort is stable: rows with equal keys keep batch order.
 *
 * <p>Costs one boxed key per row and sort field while a partition is written.
 */
final class VectorSort {
  private final Schema schema;
  private final List<SortField> fields;
  private final Comparator<Object>[] comparators;

  @SuppressWarnings("unchecked")
  VectorSort(Schema schema, SortOrder order) {
    this.schema = schema;
    this.fields = order.fields();
    this.comparators = new Comparator[fields.size()];
    for (int f = 0; f < comparators.length; f++) {
      SortField field = fields.get(f);
      Type source = schema.findType(field.sourceId());
      if (source == null) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot sort by %s: field %s is not a column of the table's schema",
                field, field.sourceId()));
      }
      Type result = field.transform().getResultType(source);
      Comparator<Object> values =
          (Comparator<Object>) (Comparator<?>) Comparators.forType(result.asPrimitiveType());
      if (field.direction() == SortDirection.DESC) {
        values = values.reversed();
      }
      comparators[f] =
          field.nullOrder() == NullOrder.NULLS_FIRST
              ? Comparator.nullsFirst(values)
              : Comparator.nullsLast(values);
    }
  }

  /**
   * The rows of a partition in sort order: position i is row {@code rows[i]} of root {@code
   * roots[i]}.
   */
  record Sorted(int[] roots, int[] rows) {}

  /**
   * Sorts the rows {@code rows.get(s)} of {@code roots.get(s)} for every slice {@code s} together.
   */
  Sorted sort(List<VectorSchemaRoot> roots, List<int[]> rows) {
    int count = rows.stream().mapToInt(r -> r.length).sum();
    int[] rootOf = new int[count];
    int[] rowOf = new int[count];
    Object[][] keys = new Object[fields.size()][count];
    int at = 0;
    for (int s = 0; s < roots.size(); s++) {
      VectorSchemaRoot root = roots.get(s);
      VectorPartitions.FieldKey[] readers = new VectorPartitions.FieldKey[fields.size()];
      for (int f = 0; f < readers.length; f++) {
        readers[f] = key(root, fields.get(f));
      }
      for (int row : rows.get(s)) {
        rootOf[at] = s;
        rowOf[at] = row;
        for (int f = 0; f < readers.length; f++) {
          keys[f][at] = readers[f].key(row);
        }
        at++;
      }
    }
    Integer[] positions = new Integer[count];
    Arrays.setAll(positions, i -> i);
    // Arrays.sort on objects is a stable merge sort: equal keys keep batch order.
    Arrays.sort(positions, (a, b) -> compare(keys, a, b));
    int[] sortedRoots = new int[count];
    int[] sortedRows = new int[count];
    for (int i = 0; i < count; i++) {
      sortedRoots[i] = rootOf[positions[i]];
      sortedRows[i] = rowOf[positions[i]];
    }
    return new Sorted(sortedRoots, sortedRows);
  }

  private int compare(Object[][] keys, int a, int b) {
    for (int f = 0; f < comparators.length; f++) {
      int c = comparators[f].compare(keys[f][a], keys[f][b]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  // The transformed key at a row; null when the source (or a struct holding it) is null.
  private VectorPartitions.FieldKey key(VectorSchemaRoot root, SortField field) {
    Type type = schema.findType(field.sourceId());
    List<FieldVector> path = VectorPartitions.source(schema, root, field.sourceId());
    FieldVector vector = path.get(path.size() - 1);
    VectorPartitions.FieldKey value = VectorPartitions.internal(vector, type);
    VectorPartitions.FieldKey transformed = value;
    if (!field.transform().isIdentity()) {
      @SuppressWarnings("unchecked")
      Transform<Object, Object> transform = (Transform<Object, Object>) field.transform();
      Function<Object, Object> bound = transform.bind(type);
      transformed = row -> bound.apply(value.key(row));
    }
    VectorPartitions.FieldKey nonNull = transformed;
    return row -> {
      for (FieldVector v : path) {
        if (v.isNull(row)) {
          return null;
        }
      }
      return nonNull.key(row);
    };
  }
}
