package dev.floe.spark;

import dev.floe.lockformat.DigestField;
import dev.floe.lockformat.Digests;
import dev.floe.lockformat.Lock;
import dev.floe.lockformat.RowDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows of one data file as a lock reads them, on a Spark executor, handed out only after they
 * proved to be the pinned ones. The rows are checked in chunks: the whole file under {@code
 * floe-digest/1}, each unit (row group) under {@code /2}. A chunk's rows wait in memory until its
 * digest matched, so a task holds one file (or one row group) at a time; a mismatch throws {@link
 * LockMismatchException} naming the file (and the unit's rows), which fails the Spark job.
 *
 * <p>Reading: Iceberg's generic readers, with the file's delete files applied (merge-on-read) and
 * the residual filter evaluated on every row by Iceberg's {@link Evaluator}, as Floe's own row path
 * does, so both engines keep the same rows.
 */
final class VerifiedRows implements Iterator<Row> {
  private final FileRead read;
  private final FileRead.Shared shared;
  private final List<Type> types = new ArrayList<>();
  private final List<DigestField> fields = new ArrayList<>();
  private final CloseableIterator<Record> source;
  private final Evaluator evaluator;
  private final InternalRecordWrapper wrapper;
  private final int positionIndex;
  private final List<Lock.Unit> units;
  private Record pending;
  private int nextUnit;
  private boolean finished;
  private boolean closed;
  private Iterator<Row> current = Collections.emptyIterator();

  VerifiedRows(FileRead read) {
    this.read = read;
    this.shared = read.shared();
    Schema readSchema = shared.readSchema();
    for (int i = 0; i < shared.width(); i++) {
      Type type = readSchema.columns().get(i).type();
      types.add(type);
      fields.add(IcebergValues.field(type, readSchema.columns().get(i).isOptional()));
    }
    FileScanTask task = read.task();
    this.units = Lock.DIGEST_2.equals(shared.algorithm()) ? read.expected().units() : List.of();
    checkUnitsCoverFile(task.file());
    // Positions are needed only to cut a file into several units.
    Schema wanted =
        units.size() > 1
            ? TypeUtil.join(readSchema, new Schema(MetadataColumns.ROW_POSITION))
            : readSchema;
    Expression residual = task.residual();
    boolean filtered = residual != null && !residual.equals(Expressions.alwaysTrue());
    this.evaluator =
        filtered ? new Evaluator(readSchema.asStruct(), NullSafe.of(residual), true) : null;
    this.wrapper = filtered ? new InternalRecordWrapper(readSchema.asStruct()) : null;
    Schema actual = wanted;
    CloseableIterable<Record> rows;
    if (task.deletes().isEmpty()) {
      rows = open(task.file(), wanted, residual);
    } else {
      GenericDeleteFilter deletes =
          new GenericDeleteFilter(shared.io(), task, shared.base(), wanted);
      actual = deletes.requiredSchema();
      rows = deletes.filter(open(task.file(), actual, residual));
    }
    this.positionIndex =
        units.size() > 1
            ? actual.columns().indexOf(actual.findField(MetadataColumns.ROW_POSITION.fieldId()))
            : -1;
    this.source = rows.iterator();
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (finished) {
        return false;
      }
      try {
        current = nextChunk();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
    return true;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  // The rows of the next file (/1) or unit (/2) that are checked and in the part asked for.
  private Iterator<Row> nextChunk() {
    String path = read.task().file().location();
    if (units.isEmpty()) {
      finished = true;
      List<Row> rows = new ArrayList<>();
      RowDigest digest = new RowDigest(fields);
      while (source.hasNext()) {
        take(source.next(), digest, null, rows);
      }
      close();
      check(digest, read.expected().rows(), read.expected().digest(), "data file " + path);
      return rows.iterator();
    }
    if (nextUnit == units.size()) {
      finished = true;
      if (pending != null || source.hasNext()) {
        Record extra = pending != null ? pending : source.next();
        close();
        throw new LockMismatchException(
            String.format(
                "Data file %s does not match the lock: it has a row at position %s, past its"
                    + " pinned units",
                path, position(extra)));
      }
      close();
      return Collections.emptyIterator();
    }
    Lock.Unit unit = units.get(nextUnit++);
    long end = unit.offset() + unit.count();
    List<Row> rows = new ArrayList<>();
    RowDigest digest = new RowDigest(fields);
    // A part's rows are picked by the lock's split, which the unit's digest does not cover: they
    // are checked against the unit's digest of that part too (FloeSpark refuses a lock without).
    RowDigest partDigest = shared.part() == null ? null : new RowDigest(fields);
    while (true) {
      Record record = pending != null ? pending : source.hasNext() ? source.next() : null;
      pending = null;
      if (record == null) {
        break;
      }
      if (units.size() > 1 && position(record) >= end) {
        pending = record;
        break;
      }
      take(record, digest, partDigest, rows);
    }
    check(digest, unit.rows(), unit.digest(), unit.describe(path));
    if (partDigest != null) {
      Lock.PartRows pinned = unit.parts().get(shared.part());
      check(
          partDigest,
          pinned.rows(),
          pinned.digest(),
          "the "
              + shared.part().name().toLowerCase(Locale.ROOT)
              + " part of "
              + unit.describe(path)
              + " (the lock's split picks these rows: was it edited?)");
    }
    return rows.iterator();
  }

  private void take(Record record, RowDigest digest, RowDigest partDigest, List<Row> rows) {
    if (evaluator != null && !evaluator.eval(wrapper.wrap(record))) {
      return;
    }
    List<Object> values = new ArrayList<>(shared.width());
    for (int i = 0; i < shared.width(); i++) {
      values.add(IcebergValues.digest(types.get(i), record.get(i)));
    }
    digest.add(values);
    if (shared.part() != null
        && shared.split().partOf(record.get(shared.keyIndex())) != shared.part()) {
      return;
    }
    if (partDigest != null) {
      partDigest.add(values);
    }
    Object[] row = new Object[shared.width()];
    for (int i = 0; i < row.length; i++) {
      row[i] = IcebergValues.spark(types.get(i), record.get(i), shared.java8());
    }
    rows.add(RowFactory.create(row));
  }

  private long position(Record record) {
    return (Long) record.get(positionIndex);
  }

  private static void check(RowDigest digest, long rows, String expected, String what) {
    String actual = Digests.hex(digest.finish());
    if (digest.rows() != rows || !actual.equals(expected)) {
      throw new LockMismatchException(
          String.format(
              "The lock's data changed: %s gives %s rows with digest %s, the lock pinned %s rows"
                  + " with digest %s",
              what, digest.rows(), actual, rows, expected));
    }
  }

  // The lock's units must cover exactly the file's rows, else rows could go unchecked.
  private void checkUnitsCoverFile(DataFile file) {
    if (units.isEmpty()) {
      return;
    }
    Lock.Unit last = units.get(units.size() - 1);
    long covered = last.offset() + last.count();
    if (covered != file.recordCount()) {
      throw new LockMismatchException(
          String.format(
              "Data file %s does not match the lock: its units cover %s rows, the file has %s",
              file.location(), covered, file.recordCount()));
    }
  }

  private CloseableIterable<Record> open(DataFile file, Schema projection, Expression residual) {
    if (file.format() != FileFormat.PARQUET
        && file.format() != FileFormat.ORC
        && file.format() != FileFormat.AVRO) {
      throw new UnsupportedOperationException(
          "Cannot read data file " + file.location() + ": format " + file.format());
    }
    ReadBuilder<Record, Schema> builder =
        FormatModelRegistry.readBuilder(
            file.format(), Record.class, shared.io().newInputFile(file));
    builder.project(projection);
    if (shared.mapping() != null) {
      builder.withNameMapping(shared.mapping());
    }
    // Row groups only: the evaluator drops the rows that do not match.
    builder.filter(residual);
    return builder.build();
  }

  /** Closes the file (idempotent): at the end, on an error, or when Spark ends the task early. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + read.task().file().location(), e);
    }
  }
}
