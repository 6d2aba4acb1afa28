package dev.floe.columnar;

import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.MetricsModes;
import org.apache.iceberg.MetricsUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.PlaintextEncryptionManager;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * What Iceberg's Parquet data writer (Parquet.WriteBuilder with its data context) takes from a
 * table's properties, read the same way so the two writers make the same files: codec and level,
 * row group, page and dictionary sizes, page version, the row-group check interval, bloom filters
 * and per-column statistics (passed to parquet-java exactly as Iceberg passes them).
 */
record ParquetWriteSettings(
    MessageType type,
    Configuration conf,
    CompressionCodecName codec,
    ParquetProperties properties,
    long rowGroupSize,
    int columnIndexTruncateLength,
    Map<String, String> footer,
    MetricsConfig metricsConfig) {

  // Iceberg's ParquetWriter reads this from the Hadoop conf, into which table properties go.
  private static final String COLUMN_INDEX_TRUNCATE_LENGTH = "parquet.columnindex.truncate.length";
  private static final int COLUMN_INDEX_TRUNCATE_LENGTH_DEFAULT = 64;
  // What Iceberg starts from for a file that is not a Hadoop one: Hadoop's defaults and site
  // files, read once here (reading them costs milliseconds) and copied for each writer.
  private static final Configuration DEFAULTS = loadedDefaults();
  private static final String BLOOM_ENABLED =
      TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX;
  private static final String BLOOM_FPP = TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX;
  private static final String BLOOM_NDV = TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX;
  private static final String STATS_ENABLED = TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX;

  /** Settings from {@code props}: the table's properties, perhaps with overrides. */
  static ParquetWriteSettings of(Table table, Map<String, String> props, Schema schema) {
    Preconditions.checkArgument(
        table.encryption() instanceof PlaintextEncryptionManager,
        "Cannot write columns of table %s: it is encrypted (%s), which the columnar writer does"
            + " not support",
        table.name(),
        table.encryption().getClass().getSimpleName());
    int rowGroupSize =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    CompressionCodecName codec =
        codec(
            props.getOrDefault(
                TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT));
    int minCheck =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT_DEFAULT);
    int maxCheck =
        positive(
            props,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT,
            TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT_DEFAULT);
    Preconditions.checkArgument(
        maxCheck >= minCheck,
        "Invalid table property %s: %s is below %s",
        TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT,
        maxCheck,
        minCheck);

    Configuration conf = new Configuration(DEFAULTS);
    props.forEach(conf::set);
    String level =
        props.getOrDefault(
            TableProperties.PARQUET_COMPRESSION_LEVEL,
            TableProperties.PARQUET_COMPRESSION_LEVEL_DEFAULT);
    if (level != null) {
      switch (codec) {
        case GZIP -> conf.set("zlib.compress.level", level);
        case BROTLI -> conf.set("compression.brotli.quality", level);
        case ZSTD -> {
          conf.set("io.compression.codec.zstd.level", level);
          conf.set("parquet.compression.codec.zstd.level", level);
        }
        default -> {} // Iceberg ignores a level for other codecs too
      }
    }

    MessageType type = ParquetSchemaUtil.convert(schema, "table");
    ParquetProperties.Builder builder =
        ParquetProperties.builder()
            .withValuesWriterFactory(new DictionaryWriters())
            .withWriterVersion(pageVersion(props))
            .withPageSize(
                positive(
                    props,
                    TableProperties.PARQUET_PAGE_SIZE_BYTES,
                    TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT))
            .withPageRowCountLimit(
                positive(
                    props,
                    TableProperties.PARQUET_PAGE_ROW_LIMIT,
                    TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT))
            .withDictionaryEncoding(
                PropertyUtil.propertyAsBoolean(props, ParquetOutputFormat.ENABLE_DICTIONARY, true))
            .withDictionaryPageSize(
                positive(
                    props,
                    TableProperties.PARQUET_DICT_SIZE_BYTES,
                    TableProperties.PARQUET_DICT_SIZE_BYTES_DEFAULT))
            .withMinRowCountForPageSizeCheck(minCheck)
            .withMaxRowCountForPageSizeCheck(maxCheck)
            .withMaxBloomFilterBytes(
                positive(
                    props,
                    TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES,
                    TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES_DEFAULT));
    Map<String, String> fpp = PropertyUtil.propertiesWithPrefix(props, BLOOM_FPP);
    Map<String, String> ndv = PropertyUtil.propertiesWithPrefix(props, BLOOM_NDV);
    perColumn(
        props,
        BLOOM_ENABLED,
        schema,
        type,
        (column, path, value) -> {
          builder.withBloomFilterEnabled(path, Boolean.parseBoolean(value));
          if (fpp.containsKey(column)) {
            builder.withBloomFilterFPP(path, Double.parseDouble(fpp.get(column)));
          }
          if (ndv.containsKey(column)) {
            builder.withBloomFilterNDV(path, Long.parseLong(ndv.get(column)));
          }
        });
    perColumn(
        props,
        STATS_ENABLED,
        schema,
        type,
        (column, path, value) -> {
          builder.withStatisticsEnabled(path, Boolean.parseBoolean(value));
        });

    MetricsConfig metricsConfig = MetricsConfig.forTable(table);
    checkMetricsNames(table, schema, type, metricsConfig);
    return new ParquetWriteSettings(
        type,
        conf,
        codec,
        builder.build(),
        rowGroupSize,
        conf.getInt(COLUMN_INDEX_TRUNCATE_LENGTH, COLUMN_INDEX_TRUNCATE_LENGTH_DEFAULT),
        Map.of("iceberg.schema", SchemaParser.toJson(schema)),
        metricsConfig);
  }

  // As Iceberg: a fpp or ndv counts only for a column whose bloom filter is set, and a name that
  // is not a leaf column of the write schema is skipped.
  private interface ColumnSetting {
    void apply(String column, String parquetPath, String value);
  }

  private static void perColumn(
      Map<String, String> props,
      String prefix,
      Schema schema,
      MessageType type,
      ColumnSetting apply) {
    PropertyUtil.propertiesWithPrefix(props, prefix)
        .forEach(
            (column, value) -> {
              for (ColumnDescriptor leaf : type.getColumns()) {
                org.apache.parquet.schema.Type.ID id = leaf.getPrimitiveType().getId();
                if (id != null && column.equals(schema.findColumnName(id.intValue()))) {
                  apply.apply(column, String.join(".", leaf.getPath()), value);
                }
              }
            });
  }

  // Iceberg's footer metrics code (which this writer reuses) finds a column's metrics mode by its
  // name in the file, where Iceberg's own writer uses the table's name; the two differ only for
  // a name Parquet cannot hold (made Avro-safe: "a-b" is "a_x2Db"). Where that would change the
  // mode, the metrics would silently differ from Iceberg's: refuse instead.
  private static void checkMetricsNames(
      Table table, Schema schema, MessageType type, MetricsConfig config) {
    Schema fileSchema = ParquetSchemaUtil.convertAndPrune(type);
    for (int id : TypeUtil.indexById(schema.asStruct()).keySet()) {
      String name = schema.findColumnName(id);
      String fileName = fileSchema.findColumnName(id);
      if (fileName != null && !name.equals(fileName)) {
        MetricsModes.MetricsMode mode = MetricsUtil.metricsMode(schema, config, id);
        MetricsModes.MetricsMode fileMode = MetricsUtil.metricsMode(fileSchema, config, id);
        Preconditions.checkArgument(
            mode.equals(fileMode),
            "Cannot write Parquet columns of table %s: column %s (%s in Parquet) has metrics"
                + " mode %s, which the columnar writer would apply as %s; use a name Parquet can"
                + " hold, or Iceberg's writer",
            table.name(),
            name,
            fileName,
            mode,
            fileMode);
      }
    }
  }

  private static Configuration loadedDefaults() {
    Configuration conf = new Configuration();
    conf.size(); // loads the resources now, not in every copy
    return conf;
  }

  private static int positive(Map<String, String> props, String key, int fallback) {
    int value = PropertyUtil.propertyAsInt(props, key, fallback);
    Preconditions.checkArgument(value > 0, "Invalid table property %s: %s", key, value);
    return value;
  }

  private static CompressionCodecName codec(String name) {
    try {
      return CompressionCodecName.valueOf(name.toUpperCase(Locale.ENGLISH));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unsupported compression codec: " + name, e);
    }
  }

  private static ParquetProperties.WriterVersion pageVersion(Map<String, String> props) {
    String version =
        props.getOrDefault(
            TableProperties.PARQUET_PAGE_VERSION, TableProperties.PARQUET_PAGE_VERSION_DEFAULT);
    try {
      return ParquetProperties.WriterVersion.fromString(version);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unsupported Parquet page version: " + version + " (must be v1 or v2)", e);
    }
  }
}
