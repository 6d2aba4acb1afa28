package dev.floe.ingest;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Reads the rows of an Arrow {@link VectorSchemaRoot} as map rows of plain Java values, which the
 * writer then converts by the table schema like any other map rows (so checks and errors are the
 * same).
 *
 * <p>Arrow types map to the Java values map rows take: integers and floats as numbers, utf8 as
 * {@code String}, binary as {@code byte[]}, date as {@code LocalDate}, time as {@code LocalTime},
 * timestamp with a time zone as {@code Instant} (for {@code timestamptz} columns) and without as
 * {@code LocalDateTime} (for {@code timestamp} columns), decimal as {@code BigDecimal}, lists as
 * {@code List}, structs and maps as {@code Map}.
 */
final class ArrowRows {
  private ArrowRows() {}

  /** A read-only view of {@code root}'s rows as map rows; reads the root on each access. */
  static View view(VectorSchemaRoot root) {
    return new View(root, null, null);
  }

  /**
   * A view of a root whose vectors {@link ArrowInput} filled with what map rows make of the values
   * read ({@code converted}'s columns, timestamps read in {@code unit}): the writer copies them
   * whatever their type, where it would convert the values of a root sent as it is again.
   */
  static View converted(VectorSchemaRoot root, Schema converted, Timestamps.EpochUnit unit) {
    return new View(root, converted, unit);
  }

  /**
   * The rows of an Arrow root as map rows, read on demand: the root must stay as it is while the
   * view is in use. The writer copies columns that already have the table's Arrow type straight
   * from {@link #root()}, and reads the others through this view.
   */
  static final class View extends AbstractList<Map<String, Object>> {
    private final VectorSchemaRoot root;
    private final String[] names;
    private final ArrowValues.Reader[] readers;
    private final int size; // as sent: read after the caller may reuse the root
    private final List<FieldVector> vectors;
    private volatile Timestamps.EpochUnit epochUnit; // for columns converted value by value
    private volatile String batch; // as errors name it
    private final Schema converted; // null: the vectors hold the values as sent
    private final Timestamps.EpochUnit convertedUnit;

    private View(VectorSchemaRoot root, Schema converted, Timestamps.EpochUnit convertedUnit) {
      this.root = root;
      this.converted = converted;
      this.convertedUnit = convertedUnit;
      this.size = root.getRowCount();
      this.vectors = List.copyOf(root.getFieldVectors());
      // Chosen once per column, not per value: the type dispatch is the costly part.
      this.names = new String[vectors.size()];
      this.readers = new ArrowValues.Reader[vectors.size()];
      for (int i = 0; i < readers.length; i++) {
        names[i] = vectors.get(i).getName();
        readers[i] = ArrowValues.reader(vectors.get(i));
      }
    }

    /** What converting columns value by value needs: set when the batch was checked. */
    void convertedAs(Timestamps.EpochUnit unit, String description) {
      this.epochUnit = unit;
      this.batch = description;
    }

    /**
     * Whether {@code column}'s vector holds what map rows of exactly its type make of the values
     * read, timestamps read in {@code unit}: then it is copied as it is. False for a column whose
     * type or required-ness changed since, which goes value by value (or as map rows) instead.
     */
    boolean converted(Types.NestedField column, Timestamps.EpochUnit unit) {
      if (converted == null || convertedUnit != unit) {
        return false;
      }
      Types.NestedField as = converted.asStruct().field(column.name());
      return as != null
          && as.isOptional() == column.isOptional()
          && as.type().equals(column.type());
    }

    Timestamps.EpochUnit epochUnit() {
      return epochUnit;
    }

    String batch() {
      return batch;
    }

    /** The root as it is now, to close it. */
    VectorSchemaRoot rootUnchecked() {
      return root;
    }

    /** The root, checked to be as it was sent. */
    VectorSchemaRoot root() {
      checkUnchanged();
      return root;
    }

    /**
     * Throws if the root was closed, cleared or given other vectors or rows since {@link
     * Batch#ofArrow}: reading it then would give other rows than those sent. (Values rewritten in
     * place cannot be told apart: the caller keeps the root unchanged until append returns.)
     */
    void checkUnchanged() {
      boolean same = root.getRowCount() == size && root.getFieldVectors().size() == vectors.size();
      for (int i = 0; same && i < vectors.size(); i++) {
        same = root.getVector(i) == vectors.get(i) && vectors.get(i).getValueCount() == size;
      }
      if (!same) {
        throw new IllegalStateException(
            "Cannot read an Arrow batch of "
                + size
                + " rows: its root was closed or changed after Batch.ofArrow; keep it unchanged"
                + " until append or appendAsync returns");
      }
    }

    @Override
    public Map<String, Object> get(int row) {
      checkUnchanged();
      Map<String, Object> values = new HashMap<>(readers.length * 2);
      for (int i = 0; i < readers.length; i++) {
        Object value = readers[i].read(row);
        if (value != null) {
          values.put(names[i], value); // absent means null, as in any map row
        }
      }
      return values;
    }

    @Override
    public int size() {
      return size;
    }
  }
}
