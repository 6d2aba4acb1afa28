package dev.floe.columnar;

import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.FieldMetrics;
import org.apache.parquet.column.ColumnWriteStore;

/**
 * Writes the values of one field, read from its Arrow vector, into the Parquet column writers of
 * the leaves under it, with the repetition and definition levels Parquet wants: a node per field of
 * the schema, built once per writer and bound to each batch's vectors ({@link #bind}), so the
 * per-value work is a virtual call and a read from a buffer.
 *
 * <p>Levels: {@link #definitionLevel} is the level of this field when it holds a value; a null
 * writes {@code definitionLevel - 1} into every leaf below. Lists and maps add one repetition level
 * and one definition level (the repeated group), so an empty list writes its own level.
 */
abstract class ArrowFieldWriter {
  final String column;
  final boolean optional;
  final int definitionLevel;
  private final ArrowType arrowType;
  private final Class<? extends FieldVector> vectorClass;
  FieldVector vector;
  private ArrowBuf validity;
  private boolean mayBeNull;

  ArrowFieldWriter(
      String column,
      boolean optional,
      int definitionLevel,
      ArrowType arrowType,
      Class<? extends FieldVector> vectorClass) {
    this.column = column;
    this.optional = optional;
    this.definitionLevel = definitionLevel;
    this.arrowType = arrowType;
    this.vectorClass = vectorClass;
  }

  /** Writes the value at {@code index} of the bound vector, or its null. */
  final void write(int index, int repetitionLevel) {
    if (mayBeNull && BitVectorHelper.get(validity, index) == 0) {
      if (!optional) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: value %s is null but the column is required",
                column, index));
      }
      countNull();
      writeNull(repetitionLevel, definitionLevel - 1);
    } else {
      writeValue(index, repetitionLevel);
    }
  }

  /**
   * Writes the values of rows {@code order[from..to)} ({@code from..to} if null), each a record. A
   * bad value names the batch row that holds it: inside a list or a map, the value's own index is
   * an element's, not a row's.
   */
  void writeRows(int[] order, int from, int to) {
    int k = from;
    try {
      for (; k < to; k++) {
        write(order == null ? k : order[k], 0);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format("%s (row %s of the batch)", e.getMessage(), order == null ? k : order[k]),
          e);
    }
  }

  abstract void writeValue(int index, int repetitionLevel);

  /** A null at a level above or at this field: the same levels into every leaf below. */
  abstract void writeNull(int repetitionLevel, int nullDefinitionLevel);

  abstract void setColumnStore(ColumnWriteStore store);

  /**
   * Checks that {@code newVector} has the layout {@link ArrowLayout} gives this field and at least
   * {@code count} values (the rows or elements that may be read); keeps it.
   */
  void bind(FieldVector newVector, int count) {
    if (!vectorClass.isInstance(newVector) || !arrowType.equals(newVector.getField().getType())) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: expected an Arrow %s vector (%s) but got %s (%s)",
              column,
              vectorClass.getSimpleName(),
              arrowType,
              newVector.getClass().getSimpleName(),
              newVector.getField().getType()));
    }
    if (newVector.getValueCount() < count) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: the vector has %s values where %s are needed",
              column, newVector.getValueCount(), count));
    }
    this.vector = newVector;
    // No null in the whole vector (a count of its validity bits): no check per value.
    this.mayBeNull = newVector.getNullCount() > 0;
    this.validity = newVector.getValidityBuffer();
  }

  void countNull() {}

  /** Iceberg's per-field metrics (floats and doubles outside lists and maps), as its writers. */
  Stream<FieldMetrics<?>> metrics() {
    return Stream.empty();
  }

  /** A struct, list or map: the writers of its children, which a null reaches as well. */
  abstract static class Group extends ArrowFieldWriter {
    final ArrowFieldWriter[] children;

    Group(
        String column,
        boolean optional,
        int definitionLevel,
        ArrowType arrowType,
        Class<? extends FieldVector> vectorClass,
        List<ArrowFieldWriter> children) {
      super(column, optional, definitionLevel, arrowType, vectorClass);
      this.children = children.toArray(new ArrowFieldWriter[0]);
    }

    @Override
    final void writeNull(int repetitionLevel, int nullDefinitionLevel) {
      for (ArrowFieldWriter child : children) {
        child.writeNull(repetitionLevel, nullDefinitionLevel);
      }
    }

    @Override
    final void setColumnStore(ColumnWriteStore store) {
      for (ArrowFieldWriter child : children) {
        child.setColumnStore(store);
      }
    }
  }

  /** A struct: its fields at the same index. */
  static final class Struct extends Group {
    Struct(
        String column,
        boolean optional,
        int definitionLevel,
        ArrowType arrowType,
        List<ArrowFieldWriter> fields) {
      super(column, optional, definitionLevel, arrowType, StructVector.class, fields);
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      for (ArrowFieldWriter field : children) {
        field.write(index, repetitionLevel);
      }
    }

    @Override
    void bind(FieldVector newVector, int count) {
      super.bind(newVector, count);
      List<FieldVector> vectors = newVector.getChildrenFromFields();
      checkChildren(vectors.size(), children.length);
      for (int k = 0; k < children.length; k++) {
        children[k].bind(vectors.get(k), count);
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(children).flatMap(ArrowFieldWriter::metrics);
    }

    void checkChildren(int actual, int expected) {
      if (actual != expected) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: expected %s child vectors but got %s",
                column, expected, actual));
      }
    }
  }

  /**
   * A list or a map (a list of key-value entries): {@code elements} are the writers of the values
   * in the child vector (for a map, the key and the value of the entries struct).
   */
  static final class Repeated extends Group {
    private final int repetitionLevel;
    private final boolean map;

    Repeated(
        String column,
        boolean optional,
        int definitionLevel,
        int repetitionLevel,
        ArrowType arrowType,
        Class<? extends BaseRepeatedValueVector> vectorClass,
        List<ArrowFieldWriter> elements) {
      super(column, optional, definitionLevel, arrowType, vectorClass, elements);
      this.repetitionLevel = repetitionLevel;
      this.map = elements.size() == 2;
    }

    @Override
    void writeValue(int index, int parentRepetitionLevel) {
      ArrowBuf offsets = vector.getOffsetBuffer();
      int start = offsets.getInt((long) index * BaseRepeatedValueVector.OFFSET_WIDTH);
      int end = offsets.getInt((long) (index + 1) * BaseRepeatedValueVector.OFFSET_WIDTH);
      if (start == end) {
        for (ArrowFieldWriter element : children) {
          element.writeNull(parentRepetitionLevel, definitionLevel);
        }
        return;
      }
      int level = parentRepetitionLevel;
      for (int k = start; k < end; k++) {
        for (ArrowFieldWriter element : children) {
          element.write(k, level);
        }
        level = repetitionLevel;
      }
    }

    @Override
    void bind(FieldVector newVector, int count) {
      super.bind(newVector, count);
      FieldVector data = ((BaseRepeatedValueVector) newVector).getDataVector();
      int elementCount =
          count == 0
              ? 0
              : newVector
                  .getOffsetBuffer()
                  .getInt((long) count * BaseRepeatedValueVector.OFFSET_WIDTH);
      if (!map) {
        children[0].bind(data, elementCount);
        return;
      }
      List<FieldVector> entries =
          data instanceof StructVector ? data.getChildrenFromFields() : List.of();
      if (entries.size() != 2) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write column %s: expected map entries with a key and a value but got %s",
                column, data.getField()));
      }
      children[0].bind(entries.get(0), elementCount);
      children[1].bind(entries.get(1), elementCount);
    }
  }
}
