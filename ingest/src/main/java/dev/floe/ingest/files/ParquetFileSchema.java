package dev.floe.ingest.files;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The Iceberg schema of a Parquet file's footer, and whether its columns carry Iceberg field ids
 * (files written by other tools, such as pyarrow, do not).
 */
record ParquetFileSchema(Schema schema, boolean hasIds) {
  static ParquetFileSchema of(Path file) {
    MessageType footer;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      footer = reader.getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(file, "not a readable Parquet file: " + e.getMessage());
    }
    return new ParquetFileSchema(
        ParquetSchemaUtil.convert(footer), ParquetSchemaUtil.hasIds(footer));
  }
}
