package dev.floe.columnar.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The parts of one data page (v1 or v2), ready to decode: its repetition and definition levels
 * (null for a level that is always zero) and its values in exactly one form, plain bytes,
 * dictionary ids, or a parquet-java reader for any other encoding (deltas, byte stream split,
 * booleans).
 */
record PageContent(
    int entries,
    PageContent.Levels repetition,
    PageContent.Levels definition,
    ByteBuffer plain,
    RleInts ids,
    ValuesReader other) {

  /** A page's levels: parquet's RLE hybrid, or anything else through parquet-java's readers. */
  interface Levels {
    void read(int[] out, int count);
  }

  static PageContent of(
      DataPage page, ColumnDescriptor column, boolean hasDictionary, String name) {
    int entries = page.getValueCount();
    int maxRep = column.getMaxRepetitionLevel();
    int maxDef = column.getMaxDefinitionLevel();
    try {
      if (page instanceof DataPageV1 v1) {
        ByteBuffer bytes = little(v1.getBytes().toByteBuffer());
        Levels reps =
            maxRep > 0
                ? v1Levels(v1.getRlEncoding(), bytes, column, entries, ValuesType.REPETITION_LEVEL)
                : null;
        Levels defs =
            maxDef > 0
                ? v1Levels(v1.getDlEncoding(), bytes, column, entries, ValuesType.DEFINITION_LEVEL)
                : null;
        return values(
            entries, reps, defs, v1.getValueEncoding(), bytes, column, hasDictionary, name);
      }
      DataPageV2 v2 = (DataPageV2) page;
      Levels reps =
          maxRep > 0
              ? new RleInts(little(v2.getRepetitionLevels().toByteBuffer()), bitWidth(maxRep))::read
              : null;
      Levels defs =
          maxDef > 0
              ? new RleInts(little(v2.getDefinitionLevels().toByteBuffer()), bitWidth(maxDef))::read
              : null;
      ByteBuffer data = little(v2.getData().toByteBuffer());
      return values(entries, reps, defs, v2.getDataEncoding(), data, column, hasDictionary, name);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a page of column " + name, e);
    }
  }

  // V1 levels: RLE with a length prefix, moving `bytes` past them; other encodings (pre-2013
  // writers) through parquet-java.
  private static Levels v1Levels(
      Encoding encoding, ByteBuffer bytes, ColumnDescriptor column, int entries, ValuesType type)
      throws IOException {
    int max =
        type == ValuesType.REPETITION_LEVEL
            ? column.getMaxRepetitionLevel()
            : column.getMaxDefinitionLevel();
    if (encoding == Encoding.RLE) {
      int length = bytes.getInt();
      RleInts decoder = new RleInts(little(bytes.slice(bytes.position(), length)), bitWidth(max));
      bytes.position(bytes.position() + length);
      return decoder::read;
    }
    ByteBufferInputStream stream = ByteBufferInputStream.wrap(bytes);
    ValuesReader reader = encoding.getValuesReader(column, type);
    reader.initFromPage(entries, stream);
    bytes.position(bytes.position() + (int) stream.position());
    return (out, count) -> {
      for (int i = 0; i < count; i++) {
        out[i] = reader.readInteger();
      }
    };
  }

  private static PageContent values(
      int entries,
      Levels reps,
      Levels defs,
      Encoding encoding,
      ByteBuffer bytes,
      ColumnDescriptor column,
      boolean hasDictionary,
      String name)
      throws IOException {
    if (encoding.usesDictionary()) {
      Preconditions.checkState(
          hasDictionary,
          "Corrupt Parquet file: column %s has dictionary ids but no dictionary",
          name);
      int bitWidth = bytes.get() & 0xFF;
      return new PageContent(entries, reps, defs, null, new RleInts(bytes, bitWidth), null);
    }
    boolean booleans =
        column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BOOLEAN;
    if (encoding == Encoding.PLAIN && !booleans) {
      return new PageContent(entries, reps, defs, bytes, null, null);
    }
    ValuesReader other = encoding.getValuesReader(column, ValuesType.VALUES);
    other.initFromPage(entries, ByteBufferInputStream.wrap(bytes.slice()));
    return new PageContent(entries, reps, defs, null, null, other);
  }

  private static ByteBuffer little(ByteBuffer buffer) {
    return buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int bitWidth(int maxLevel) {
    return 32 - Integer.numberOfLeadingZeros(maxLevel);
  }
}
