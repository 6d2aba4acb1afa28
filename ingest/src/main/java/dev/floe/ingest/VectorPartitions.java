package dev.floe.ingest;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.BucketUtil;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Groups the rows of vectors laid out as {@code dev.floe.columnar.ArrowLayout} by partition,
 * computing each partition field straight from its source vector, as Iceberg's {@code PartitionKey}
 * would from records: bucket hashes the vector's bytes with Iceberg's murmur3 ({@link BucketUtil},
 * strings without decoding them), year, month, day and hour are integer arithmetic on days or
 * microseconds (floor towards the past, per the spec), identity and void need no arithmetic;
 * truncate of ints and longs is arithmetic and of other types Iceberg's own transform. No row is
 * copied: a partition is an {@code int[]} of row indexes, in batch order.
 */
final class VectorPartitions {
  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  private final Schema schema;
  private final PartitionSpec spec;

  /** The rows of one partition of a root, as indexes into it in batch order. */
  record Group(StructLike key, int[] rows) {}

  VectorPartitions(Schema schema, PartitionSpec spec) {
    this.schema = schema;
    this.spec = spec;
  }

  /** The partitions of {@code root}'s rows, in first-seen order; keys are fresh copies. */
  List<Group> group(VectorSchemaRoot root) {
    int count = root.getRowCount();
    if (spec.isUnpartitioned()) {
      int[] all = new int[count];
      for (int i = 0; i < count; i++) {
        all[i] = i;
      }
      return List.of(new Group(null, all));
    }
    List<PartitionField> fields = spec.fields();
    FieldKey[] keys = new FieldKey[fields.size()];
    for (int f = 0; f < keys.length; f++) {
      keys[f] = fieldKey(root, fields.get(f));
    }
    // First pass: each row's partition number; second: a stable counting sort by that number.
    StructLikeMap<Integer> numbers = StructLikeMap.create(spec.partitionType());
    List<StructLike> partitions = new ArrayList<>();
    GenericRecord key = GenericRecord.create(spec.partitionType());
    int[] partitionOf = new int[count];
    int[] sizes = new int[16];
    for (int row = 0; row < count; row++) {
      for (int f = 0; f < keys.length; f++) {
        key.set(f, keys[f].key(row));
      }
      Integer number = numbers.get(key);
      if (number == null) {
        number = partitions.size();
        GenericRecord copy = key.copy();
        numbers.put(copy, number);
        partitions.add(copy);
        if (number == sizes.length) {
          sizes = Arrays.copyOf(sizes, sizes.length * 2);
        }
      }
      partitionOf[row] = number;
      sizes[number]++;
    }
    int[][] rows = new int[partitions.size()][];
    for (int p = 0; p < rows.length; p++) {
      rows[p] = new int[sizes[p]];
    }
    int[] filled = new int[partitions.size()];
    for (int row = 0; row < count; row++) {
      int p = partitionOf[row];
      rows[p][filled[p]++] = row;
    }
    List<Group> groups = new ArrayList<>(rows.length);
    for (int p = 0; p < rows.length; p++) {
      groups.add(new Group(partitions.get(p), rows[p]));
    }
    return groups;
  }

  /** The partition value of one field at a row; null for a null source. */
  interface FieldKey {
    Object key(int row);
  }

  private FieldKey fieldKey(VectorSchemaRoot root, PartitionField field) {
    Type type = schema.findType(field.sourceId());
    List<FieldVector> path = source(schema, root, field.sourceId());
    FieldVector vector = path.get(path.size() - 1);
    String transform = field.transform().toString();
    FieldKey nonNull = fast(vector, type, transform);
    if (nonNull == null) {
      @SuppressWarnings("unchecked")
      Transform<Object, Object> iceberg = (Transform<Object, Object>) field.transform();
      FieldKey value = internal(vector, type);
      java.util.function.Function<Object, Object> bound = iceberg.bind(type);
      nonNull = row -> bound.apply(value.key(row));
    }
    FieldKey keyed = nonNull;
    if (path.size() > 1) {
      // Inside structs: a null parent makes the source null, as Iceberg's accessors say.
      return row -> path.stream().anyMatch(v -> v.isNull(row)) ? null : keyed.key(row);
    }
    return row -> vector.isNull(row) ? null : keyed.key(row);
  }

  // Integer arithmetic for the transforms ingest sees on every row; null for the others.
  private static FieldKey fast(FieldVector vector, Type type, String transform) {
    Type.TypeID id = type.typeId();
    if (transform.equals("void")) {
      return row -> null;
    } else if (transform.equals("identity")) {
      return internal(vector, type);
    } else if (transform.startsWith("bucket[")) {
      int buckets = width(transform);
      FieldKey hash = hash(vector, type);
      return row -> (((Integer) hash.key(row)) & Integer.MAX_VALUE) % buckets;
    } else if (transform.startsWith("truncate[") && (id == Type.TypeID.INTEGER)) {
      int width = width(transform);
      return row -> {
        int value = vector.getDataBuffer().getInt(row * 4L);
        return value - (((value % width) + width) % width);
      };
    } else if (transform.startsWith("truncate[") && id == Type.TypeID.LONG) {
      long width = width(transform);
      return row -> {
        long value = vector.getDataBuffer().getLong(row * 8L);
        return value - (((value % width) + width) % width);
      };
    }
    FieldKey days = days(vector, id);
    return switch (transform) {
      case "year" -> days == null ? null : row -> year((Integer) days.key(row));
      case "month" -> days == null ? null : row -> month((Integer) days.key(row));
      case "day" -> days;
      case "hour" -> {
        FieldKey micros = micros(vector, id);
        yield micros == null
            ? null
            : row -> (int) Math.floorDiv((Long) micros.key(row), MICROS_PER_HOUR);
      }
      default -> null;
    };
  }

  private static FieldKey days(FieldVector vector, Type.TypeID id) {
    if (id == Type.TypeID.DATE) {
      return row -> vector.getDataBuffer().getInt(row * 4L);
    }
    FieldKey micros = micros(vector, id);
    return micros == null
        ? null
        : row -> (int) Math.floorDiv((Long) micros.key(row), MICROS_PER_DAY);
  }

  private static FieldKey micros(FieldVector vector, Type.TypeID id) {
    if (id == Type.TypeID.TIMESTAMP) {
      return row -> vector.getDataBuffer().getLong(row * 8L);
    } else if (id == Type.TypeID.TIMESTAMP_NANO) {
      return row -> Math.floorDiv(vector.getDataBuffer().getLong(row * 8L), 1000L);
    }
    return null;
  }

  private static int year(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).getYear() - 1970;
  }

  private static int month(int epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    return (date.getYear() - 1970) * 12 + date.getMonthValue() - 1;
  }

  private static int width(String transform) {
    return Integer.parseInt(
        transform.substring(transform.indexOf('[') + 1, transform.indexOf(']')));
  }

  /** Iceberg's bucket hash of the value at a row, from the vector's bytes where it can. */
  private static FieldKey hash(FieldVector vector, Type type) {
    return switch (type.typeId()) {
      case INTEGER, DATE -> row -> BucketUtil.hash(vector.getDataBuffer().getInt(row * 4L));
      case LONG, TIME, TIMESTAMP ->
          row -> BucketUtil.hash(vector.getDataBuffer().getLong(row * 8L));
      case TIMESTAMP_NANO ->
          row -> BucketUtil.hash(Math.floorDiv(vector.getDataBuffer().getLong(row * 8L), 1000L));
      // Murmur3 of the UTF-8 bytes is the hash of the string: no decoding.
      case STRING -> row -> BucketUtil.hash(ByteBuffer.wrap(((VarCharVector) vector).get(row)));
      case BINARY -> row -> BucketUtil.hash(ByteBuffer.wrap(((VarBinaryVector) vector).get(row)));
      case FIXED ->
          row -> BucketUtil.hash(ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row)));
      case UUID -> {
        FieldKey uuid = internal(vector, type);
        yield row -> BucketUtil.hash((UUID) uuid.key(row));
      }
      case DECIMAL -> {
        FieldKey decimal = internal(vector, type);
        yield row -> BucketUtil.hash((BigDecimal) decimal.key(row));
      }
      default -> throw new IllegalArgumentException("Cannot bucket a column of type " + type);
    };
  }

  /** The value at a row as Iceberg's internal representation (what partition tuples hold). */
  static FieldKey internal(FieldVector vector, Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> row -> ((BitVector) vector).get(row) == 1;
      case INTEGER, DATE -> row -> vector.getDataBuffer().getInt(row * 4L);
      case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> row -> vector.getDataBuffer().getLong(row * 8L);
      case FLOAT -> ((Float4Vector) vector)::get;
      case DOUBLE -> ((Float8Vector) vector)::get;
      case STRING -> row -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case BINARY -> row -> ByteBuffer.wrap(((VarBinaryVector) vector).get(row));
      case FIXED -> row -> ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row));
      case UUID ->
          row -> {
            ByteBuffer bytes = ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row));
            return new UUID(bytes.getLong(), bytes.getLong());
          };
      case DECIMAL -> {
        int scale = ((Types.DecimalType) type).scale();
        yield row -> ((DecimalVector) vector).getObject(row).setScale(scale);
      }
      default -> throw new IllegalArgumentException("Cannot partition by a column of type " + type);
    };
  }

  // The vectors from a top-level column down to the source, which may sit inside structs.
  static List<FieldVector> source(Schema schema, VectorSchemaRoot root, int sourceId) {
    List<Types.NestedField> fields = schema.columns();
    for (int i = 0; i < fields.size(); i++) {
      List<FieldVector> path = new ArrayList<>();
      if (find(root.getVector(i), fields.get(i), sourceId, path)) {
        return path;
      }
    }
    throw new IllegalArgumentException(
        "Cannot read field " + sourceId + ": not a column of " + schema);
  }

  private static boolean find(
      FieldVector vector, Types.NestedField field, int sourceId, List<FieldVector> path) {
    path.add(vector);
    if (field.fieldId() == sourceId) {
      return true;
    }
    if (field.type().isStructType() && vector instanceof StructVector struct) {
      List<Types.NestedField> children = field.type().asStructType().fields();
      for (int i = 0; i < children.size(); i++) {
        if (find((FieldVector) struct.getChildByOrdinal(i), children.get(i), sourceId, path)) {
          return true;
        }
      }
    }
    path.remove(path.size() - 1);
    return false;
  }
}
