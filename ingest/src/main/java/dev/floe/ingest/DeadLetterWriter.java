package dev.floe.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;

/** Writes the dead letters of one batch at a time to a {@link DeadLetter} destination. */
final class DeadLetterWriter implements AutoCloseable {
  private final DeadLetter destination;
  private TableWriter tableWriter;

  DeadLetterWriter(DeadLetter destination) {
    this.destination = destination;
  }

  boolean enabled() {
    return !(destination instanceof DeadLetter.None);
  }

  synchronized void write(String producer, long sequence, List<DeadLetter.Letter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<Record> rows = new ArrayList<>();
    for (DeadLetter.Letter letter : letters) {
      GenericRecord row = GenericRecord.create(DeadLetter.SCHEMA);
      row.setField("producer_id", letter.producer());
      row.setField("batch_sequence", letter.sequence());
      row.setField("row_index", letter.row());
      row.setField("column_name", letter.column());
      row.setField("reason", letter.reason());
      row.setField("row_text", letter.text());
      rows.add(row);
    }
    if (destination instanceof DeadLetter.ParquetFolder folder) {
      writeParquet(folder.folder(), producer, sequence, rows);
    } else if (destination instanceof DeadLetter.ToTable table) {
      if (tableWriter == null) {
        // Exactly once per producer and sequence in the dead-letter table too.
        tableWriter =
            TableWriter.forTable(table.table())
                .producerId(producer)
                .evolution(EvolutionPolicy.STRICT)
                .build();
      }
      tableWriter.append(Batch.of(sequence, DeadLetter.SCHEMA, rows).forProducer(producer));
    }
  }

  private static void writeParquet(Path folder, String producer, long sequence, List<Record> rows) {
    String name = producer.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sequence + ".parquet";
    try {
      Files.createDirectories(folder);
      // Written aside, then moved: a reader never sees half a file, a re-send replaces it whole.
      Path temp = folder.resolve("." + name + ".tmp");
      try (FileAppender<Record> appender =
          InternalData.write(
                  FileFormat.PARQUET, org.apache.iceberg.Files.localOutput(temp.toFile()))
              .schema(DeadLetter.SCHEMA)
              .overwrite()
              .build()) {
        appender.addAll(rows);
      }
      Files.move(
          temp,
          folder.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format(
              "Cannot write dead letters of batch %s of producer %s to %s: %s",
              sequence, producer, folder, e.getMessage()),
          e);
    }
  }

  @Override
  public synchronized void close() {
    if (tableWriter != null) {
      tableWriter.close();
    }
  }
}
