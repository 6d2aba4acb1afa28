package dev.floe.columnar;

import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.IntList;
import org.apache.parquet.column.values.plain.PlainValuesWriter;

/**
 * A dictionary of 64-bit values (longs, or doubles by their raw bits) that gives the same ids, the
 * same dictionary page and the same fallback as parquet-java's own long and double dictionary
 * writers, in less time: a plain open-addressing table of primitive keys instead of a linked hash
 * map, sized for a row group's values from the start. The encoders spend most of their time here
 * (measured: a third of a compaction's CPU), once per value of every dictionary-encoded column.
 *
 * <p>Ids are given in first-seen order, as parquet-java's insertion-ordered maps give them; doubles
 * are told apart by their raw bits, as its double map tells them apart.
 */
final class LongDictionary extends DictionaryValuesWriter {
  private static final int INITIAL_SLOTS = 1 << 10;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final boolean doubles;
  // Slot s holds its key at 2s and its id + 1 at 2s + 1 (0: empty), so a probe reads one cache
  // line: with thousands of distinct values the table outgrows the caches, and misses dominate.
  private long[] table = new long[2 * INITIAL_SLOTS];
  private long[] byId = new long[INITIAL_SLOTS / 2];
  private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
  private int size;

  LongDictionary(
      boolean doubles,
      int maxDictionaryByteSize,
      Encoding dataPageEncoding,
      Encoding dictionaryPageEncoding,
      ByteBufferAllocator allocator) {
    super(maxDictionaryByteSize, dataPageEncoding, dictionaryPageEncoding, allocator);
    this.doubles = doubles;
  }

  @Override
  public void writeLong(long value) {
    encodedValues.add(idOf(value));
  }

  @Override
  public void writeDouble(double value) {
    encodedValues.add(idOf(Double.doubleToRawLongBits(value)));
  }

  private int idOf(long key) {
    int mask = table.length / 2 - 1;
    int slot = (int) ((key * GOLDEN) >>> shift);
    while (true) {
      long id = table[2 * slot + 1];
      if (id == 0) {
        return add(slot, key);
      }
      if (table[2 * slot] == key) {
        return (int) id - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int add(int slot, long key) {
    int id = size++;
    table[2 * slot] = key;
    table[2 * slot + 1] = id + 1L;
    if (id == byId.length) {
      byId = Arrays.copyOf(byId, 2 * byId.length);
    }
    byId[id] = key;
    dictionaryByteSize += 8;
    // At most half full: probes stay short.
    if (4 * size > table.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    long[] old = table;
    table = new long[2 * old.length];
    shift--;
    int mask = table.length / 2 - 1;
    for (int k = 0; k < old.length; k += 2) {
      if (old[k + 1] != 0) {
        int slot = (int) ((old[k] * GOLDEN) >>> shift);
        while (table[2 * slot + 1] != 0) {
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = old[k];
        table[2 * slot + 1] = old[k + 1];
      }
    }
  }

  @Override
  public DictionaryPage toDictPageAndClose() {
    if (lastUsedDictionarySize == 0) {
      return null;
    }
    // Only the part of the dictionary the written pages use, as parquet-java writes it.
    PlainValuesWriter page =
        new PlainValuesWriter(lastUsedDictionaryByteSize, maxDictionaryByteSize, allocator);
    for (int id = 0; id < lastUsedDictionarySize; id++) {
      write(page, byId[id]);
    }
    return dictPage(page);
  }

  @Override
  protected int getDictionarySize() {
    return size;
  }

  @Override
  protected void clearDictionaryContent() {
    Arrays.fill(table, 0);
    size = 0;
  }

  @Override
  protected void fallBackDictionaryEncodedData(ValuesWriter writer) {
    IntList.IntIterator values = encodedValues.iterator();
    while (values.hasNext()) {
      write(writer, byId[values.next()]);
    }
  }

  private void write(ValuesWriter writer, long key) {
    if (doubles) {
      writer.writeDouble(Double.longBitsToDouble(key));
    } else {
      writer.writeLong(key);
    }
  }
}
