package dev.floe.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
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

  /** Reads the value at a row of one vector as a plain Java value; null for a null. */
  interface Reader {
    Object read(int index);
  }

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
    private final Reader[] readers;
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
      this.readers = new Reader[vectors.size()];
      for (int i = 0; i < readers.length; i++) {
        names[i] = vectors.get(i).getName();
        readers[i] = reader(vectors.get(i));
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

  static Reader reader(ValueVector vector) {
    Reader values = valueReader(vector);
    return index -> vector.isNull(index) ? null : values.read(index);
  }

  private static Reader valueReader(ValueVector vector) {
    if (vector instanceof UInt8Vector unsigned) {
      // Above Long.MAX_VALUE a uint64 read as a long turns negative: keep it exact, the column
      // conversion then refuses what does not fit.
      return unsigned::getObjectNoOverflow;
    } else if (vector instanceof BaseIntVector ints) {
      return ints::getValueAsLong;
    } else if (vector instanceof Float4Vector floats) {
      return floats::get;
    } else if (vector instanceof Float8Vector doubles) {
      return doubles::get;
    } else if (vector instanceof Float2Vector halves) {
      return halves::getValueAsFloat;
    } else if (vector instanceof BitVector bits) {
      return index -> bits.get(index) != 0;
    } else if (vector instanceof VariableWidthFieldVector variable) {
      ArrowType.ArrowTypeID type = vector.getField().getType().getTypeID();
      if (type == ArrowType.ArrowTypeID.Utf8 || type == ArrowType.ArrowTypeID.LargeUtf8) {
        return index -> new String(variable.get(index), StandardCharsets.UTF_8);
      }
      return variable::get;
    } else if (vector instanceof DateDayVector days) {
      return index -> LocalDate.ofEpochDay(days.get(index));
    } else if (vector instanceof DateMilliVector millis) {
      return index -> LocalDate.ofEpochDay(Math.floorDiv(millis.get(index), 86_400_000L));
    } else if (vector instanceof TimeStampVector timestamps) {
      return timestamp(timestamps);
    } else if (vector instanceof DecimalVector decimals) {
      return decimals::getObject;
    } else if (vector instanceof Decimal256Vector decimals) {
      return decimals::getObject;
    } else if (vector instanceof MapVector map) {
      return map(map);
    } else if (vector instanceof ListVector list) {
      Reader elements = reader(list.getDataVector());
      return index ->
          list(elements, list.getElementStartIndex(index), list.getElementEndIndex(index));
    } else if (vector instanceof FixedSizeListVector list) {
      Reader elements = reader(list.getDataVector());
      int size = list.getListSize();
      return index -> list(elements, index * size, (index + 1) * size);
    } else if (vector instanceof StructVector struct) {
      return struct(struct);
    }
    return time(vector);
  }

  private static List<Object> list(Reader elements, int start, int end) {
    List<Object> values = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) {
      values.add(elements.read(i));
    }
    return values;
  }

  private static Reader struct(StructVector struct) {
    List<FieldVector> children = struct.getChildrenFromFields();
    String[] names = new String[children.size()];
    Reader[] readers = new Reader[children.size()];
    for (int i = 0; i < readers.length; i++) {
      names[i] = children.get(i).getName();
      readers[i] = reader(children.get(i));
    }
    return index -> {
      Map<String, Object> values = new HashMap<>(readers.length * 2);
      for (int i = 0; i < readers.length; i++) {
        Object value = readers[i].read(index);
        if (value != null) {
          values.put(names[i], value);
        }
      }
      return values;
    };
  }

  private static Reader map(MapVector map) {
    StructVector entries = (StructVector) map.getDataVector();
    Reader keys = reader(entries.getChildrenFromFields().get(0));
    Reader values = reader(entries.getChildrenFromFields().get(1));
    return index -> {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = map.getElementStartIndex(index); i < map.getElementEndIndex(index); i++) {
        out.put(keys.read(i), values.read(i));
      }
      return out;
    };
  }

  private static Reader timestamp(TimeStampVector vector) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
    long nanosPerUnit =
        switch (type.getUnit()) {
          case SECOND -> 1_000_000_000L;
          case MILLISECOND -> 1_000_000L;
          case MICROSECOND -> 1000L;
          case NANOSECOND -> 1L;
        };
    long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
    // With a zone the value is an instant (timestamptz); without, a wall-clock time (timestamp).
    boolean instant = type.getTimezone() != null;
    return index -> {
      long value = vector.get(index);
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(value, unitsPerSecond),
              Math.floorMod(value, unitsPerSecond) * nanosPerUnit);
      return instant
          ? at
          : LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
    };
  }

  private static Reader time(ValueVector vector) {
    if (vector instanceof TimeSecVector seconds) {
      return index -> LocalTime.ofSecondOfDay(seconds.get(index));
    } else if (vector instanceof TimeMilliVector millis) {
      return index -> LocalTime.ofNanoOfDay(millis.get(index) * 1_000_000L);
    } else if (vector instanceof TimeMicroVector micros) {
      return index -> LocalTime.ofNanoOfDay(micros.get(index) * 1000L);
    } else if (vector instanceof TimeNanoVector nanos) {
      return index -> LocalTime.ofNanoOfDay(nanos.get(index));
    }
    // Any other Arrow type (fixed-size binary, ...): its own Java value, which the column
    // conversion takes or rejects naming the row and column.
    return vector::getObject;
  }
}
