package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One flat Parquet column, decoded page by page straight into the caller's Arrow vector: plain
 * fixed-width values are one memory copy, dictionary ids index a decoded dictionary, and other
 * encodings go through parquet-java's value readers. Nothing is decoded into an intermediate
 * vector, which is what makes this path faster than Iceberg's ArrowReader plus a copy.
 */
final class PageColumn implements PageDecoder {
  private final ColumnDescriptor column;
  private final String name;
  private final PrimitiveTypeName physical;
  private final int width; // bytes per value in the vector; 0 for booleans and variable bytes
  private final boolean decimal;
  private final int maxDef;
  private PageReader pages;
  private PageDictionary dictionary;
  private int pageLeft;
  private PageContent.Levels defs;
  private PageContent.Levels reps;
  private ByteBuffer plain;
  private RleInts ids;
  private ValuesReader other;
  private int[] levels = new int[0];
  private int[] idBuffer = new int[0];

  PageColumn(ColumnDescriptor column, String name) {
    this.column = column;
    this.name = name;
    this.physical = column.getPrimitiveType().getPrimitiveTypeName();
    int stored =
        switch (physical) {
          case INT64, DOUBLE -> 8;
          case INT32, FLOAT -> 4;
          case FIXED_LEN_BYTE_ARRAY -> column.getPrimitiveType().getTypeLength();
          default -> 0;
        };
    // A decimal (whatever its physical type) fills Arrow's 16-byte decimal vector.
    this.decimal =
        column.getPrimitiveType().getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
    this.width = decimal ? FixedValues.DECIMAL_WIDTH : stored;
    this.maxDef = column.getMaxDefinitionLevel();
  }

  @Override
  public ColumnDescriptor descriptor() {
    return column;
  }

  @Override
  public void start(PageReadStore group) {
    start(group.getPageReader(column));
  }

  /** Starts this column's chunk of a new row group. */
  void start(PageReader chunk) {
    this.pages = chunk;
    this.pageLeft = 0;
    this.dictionary =
        PageDictionary.decode(chunk.readDictionaryPage(), column.getPrimitiveType(), name);
  }

  @Override
  public void read(FieldVector vector, int at, int rows) {
    read(vector, at, rows, null, 0);
  }

  /**
   * As {@link #read(FieldVector, int, int)}, also marking valid in {@code parent} (the validity of
   * the enclosing struct, or null) each row whose definition level reaches {@code parentDef}.
   */
  void read(FieldVector vector, int at, int rows, ArrowBuf parent, int parentDef) {
    while (rows > 0) {
      if (pageLeft == 0) {
        nextPage();
      }
      int take = Math.min(rows, pageLeft);
      int defined = levels(take);
      boolean dense = defined == take;
      if (width > 0) {
        fixed((BaseFixedWidthVector) vector, at, take, defined, dense);
      } else if (physical == PrimitiveTypeName.BOOLEAN) {
        booleans((BitVector) vector, at, take);
      } else {
        Binaries.write((BaseVariableWidthVector) vector, at, take, defined, this);
      }
      if (dense && width > 0) {
        Buffers.valid(vector.getValidityBuffer(), at, take);
      }
      if (parent != null) {
        parentValidity(parent, parentDef, at, take, dense);
      }
      at += take;
      rows -= take;
      pageLeft -= take;
    }
  }

  private void parentValidity(ArrowBuf parent, int parentDef, int at, int count, boolean dense) {
    if (parentDef == 0 || dense) {
      Buffers.valid(parent, at, count);
      return;
    }
    for (int i = 0; i < count; i++) {
      if (levels[i] >= parentDef) {
        BitVectorHelper.setBit(parent, at + i);
      }
    }
  }

  /** Decodes the next definition levels into {@code levels}; returns how many are defined. */
  private int levels(int count) {
    if (maxDef == 0) {
      return count;
    }
    if (levels.length < count) {
      levels = new int[Math.max(count, 1024)];
    }
    defs.read(levels, count);
    int defined = 0;
    for (int i = 0; i < count; i++) {
      defined += levels[i] == maxDef ? 1 : 0;
    }
    return defined;
  }

  boolean isDefined(int i) {
    return maxDef == 0 || levels[i] == maxDef;
  }

  ByteBuffer plain() {
    return plain;
  }

  ValuesReader other() {
    return other;
  }

  String name() {
    return name;
  }

  PageDictionary dictionary() {
    return dictionary;
  }

  /**
   * The next {@code count} dictionary ids of this page, or null when it is not dictionary-encoded.
   */
  int[] ids(int count) {
    if (ids == null) {
      return null;
    }
    if (idBuffer.length < count) {
      idBuffer = new int[Math.max(count, 1024)];
    }
    ids.read(idBuffer, count);
    return idBuffer;
  }

  private void fixed(BaseFixedWidthVector vector, int at, int count, int defined, boolean dense) {
    ArrowBuf data = vector.getDataBuffer();
    ArrowBuf validity = vector.getValidityBuffer();
    if (plain != null && dense && !decimal) {
      Buffers.copy(plain, data, (long) at * width, count * width);
      return;
    }
    int[] id = ids(defined);
    int next = 0;
    for (int i = 0; i < count; i++) {
      if (!dense && levels[i] != maxDef) {
        continue;
      }
      long index = (long) (at + i) * width;
      if (decimal) {
        FixedValues.decimal(this, physical, data, index, id != null ? id[next++] : -1);
      } else if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
        FixedValues.bytes(this, data, index, id != null ? id[next++] : -1, width);
      } else if (width == 8) {
        data.setLong(index, id != null ? dictionary.longs()[id[next++]] : nextLong());
      } else {
        data.setInt(index, id != null ? dictionary.ints()[id[next++]] : nextInt());
      }
      if (!dense) {
        BitVectorHelper.setBit(validity, at + i);
      }
    }
  }

  /** The page's next 64-bit value (a double by its bits), when it is not dictionary-encoded. */
  long nextLong() {
    if (plain != null) {
      return plain.getLong();
    }
    return physical == PrimitiveTypeName.DOUBLE
        ? Double.doubleToRawLongBits(other.readDouble())
        : other.readLong();
  }

  /** The page's next 32-bit value (a float by its bits), when it is not dictionary-encoded. */
  int nextInt() {
    if (plain != null) {
      return plain.getInt();
    }
    return physical == PrimitiveTypeName.FLOAT
        ? Float.floatToRawIntBits(other.readFloat())
        : other.readInteger();
  }

  private void booleans(BitVector vector, int at, int count) {
    for (int i = 0; i < count; i++) {
      if (isDefined(i)) {
        vector.set(at + i, other.readBoolean() ? 1 : 0);
      }
    }
  }

  private void nextPage() {
    boolean loaded = loadPage();
    Preconditions.checkState(
        loaded, "Corrupt Parquet file: column %s has fewer values than its row group", name);
  }

  /**
   * Reads the chunk's next page and sets up its levels and values; false at the end of the chunk.
   * {@link #pageEntries()} tells how many level entries (values and nulls) the page holds.
   */
  boolean loadPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      return false;
    }
    PageContent content = PageContent.of(page, column, dictionary != null, name);
    pageLeft = content.entries();
    reps = content.repetition();
    defs = content.definition();
    plain = content.plain();
    ids = content.ids();
    other = content.other();
    return true;
  }

  int pageEntries() {
    return pageLeft;
  }

  /** Decodes all of the loaded page's repetition and definition levels into the arrays. */
  void pageLevels(int[] repetition, int[] definition) {
    reps.read(repetition, pageLeft);
    defs.read(definition, pageLeft);
  }

  /**
   * Writes the page's next {@code count} values, all non-null, to {@code vector} at {@code at ..};
   * the vector has room for them, except a variable-width one's data buffer, which grows.
   */
  void values(FieldVector vector, int at, int count) {
    if (width > 0) {
      fixed((BaseFixedWidthVector) vector, at, count, count, true);
      Buffers.valid(vector.getValidityBuffer(), at, count);
    } else if (physical == PrimitiveTypeName.BOOLEAN) {
      for (int i = 0; i < count; i++) {
        ((BitVector) vector).set(at + i, other.readBoolean() ? 1 : 0);
      }
    } else {
      Binaries.write((BaseVariableWidthVector) vector, at, count, count, this);
    }
  }
}
