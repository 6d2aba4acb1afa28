package dev.floe.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
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
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads one Arrow vector's values as the plain Java values map rows take ({@link ArrowRows} lists
 * the mapping): the per-type readers behind {@link ArrowRows.View}, and the column path's reads of
 * columns it converts ({@link ArrowColumns}).
 */
final class ArrowValues {
  private ArrowValues() {}

  /** Reads the value at a row of one vector as a plain Java value; null for a null. */
  interface Reader {
    Object read(int index);
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
