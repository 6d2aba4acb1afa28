package dev.floe.columnar;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;

/**
 * parquet-java's values writers, except that a long or double column's dictionary is a {@link
 * LongDictionary}: the same encodings, the same fallback writer and the same bytes, found faster.
 * Whether a column is dictionary-encoded at all is still parquet-java's choice (table properties,
 * page version, per-column settings), made by its default factory.
 */
final class DictionaryWriters implements ValuesWriterFactory {
  private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private ParquetProperties properties;

  @Override
  public void initialize(ParquetProperties props) {
    this.properties = props;
    defaults.initialize(props);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
    ValuesWriter writer = defaults.newValuesWriter(descriptor);
    if (!(writer instanceof FallbackValuesWriter<?, ?> fallback)) {
      return writer;
    }
    boolean longs =
        fallback.initialWriter instanceof DictionaryValuesWriter.PlainLongDictionaryValuesWriter;
    boolean doubles =
        fallback.initialWriter instanceof DictionaryValuesWriter.PlainDoubleDictionaryValuesWriter;
    if (!longs && !doubles) {
      return writer;
    }
    Encoding dataPage = fallback.initialWriter.getEncoding();
    fallback.initialWriter.close();
    // Version 1 pages label both pages PLAIN_DICTIONARY; version 2 data pages RLE_DICTIONARY.
    Encoding dictionaryPage =
        properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
            ? Encoding.PLAIN_DICTIONARY
            : Encoding.PLAIN;
    return FallbackValuesWriter.of(
        new LongDictionary(
            doubles,
            properties.getDictionaryPageSizeThreshold(),
            dataPage,
            dictionaryPage,
            properties.getAllocator()),
        fallback.fallBackWriter);
  }
}
