package dev.floe.timetravel;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iterates Arrow batches. The {@link VectorSchemaRoot} returned by {@code next()} is owned by this
 * object and reused: valid until the next call to {@code next()} or {@link #close()}. Close with
 * try-with-resources; that releases all buffers and open files. Iterable once.
 *
 * <p>Batches never span two data files, so a batch may hold fewer rows than the batch size. Every
 * row read is also added to {@link #contentDigest()} (unless the reader turned the digest off),
 * which is final once iteration is exhausted: the root over one digest per data file ({@link
 * #fileDigests()}), each taken on the thread that decodes the file.
 */
public final class ArrowBatches implements Iterable<VectorSchemaRoot>, AutoCloseable {
  /** Opens the rows of one file into the root, with an appender into it for the row path. */
  interface Opener {
    FileBatches open(VectorSchemaRoot root, RowAppender rows);
  }

  private final Iterator<Opener> files;
  private final VectorSchemaRoot root;
  private final RowAppender rows;
  private final ContentDigest digest; // the format of locks before per-file digests
  private final FileDigests fileDigests;
  private FileDigester fileDigester; // the current file's, when read on the caller's thread
  private final List<Type> types;
  private final ReadAhead readAhead;
  private final Consumer<String> onExhausted;
  private Consumer<RuntimeException> onFailure;
  private final int fileCount;
  private FileListener listener;
  private int filesStarted;
  private FileBatches current;
  private long rowsRead;
  private int vectorizedFiles;
  private boolean iterated;
  private boolean closed;

  /**
   * Opens {@code files} lazily, in order, decoding up to {@code threads} files at once (see {@link
   * ReadAhead}; 1 reads on the caller's thread only). {@code onExhausted} gets the final content
   * digest once the last batch has been handed out; it may throw to reject the data. A non-null
   * {@code fileDigests} takes a digest per file (and, when gated, holds each file's batches back
   * until its digest is accepted); else a non-null {@code digest} takes one over all rows (the
   * format of older locks); with both null no digest is computed.
   */
  ArrowBatches(
      org.apache.iceberg.Schema schema,
      List<Opener> files,
      BufferAllocator allocator,
      int batchSize,
      ContentDigest digest,
      FileDigests fileDigests,
      Consumer<String> onExhausted,
      int threads) {
    ArrowLayout.check(schema);
    this.files = List.copyOf(files).iterator();
    this.fileCount = files.size();
    this.digest = fileDigests == null ? digest : null;
    this.fileDigests = fileDigests;
    this.onExhausted = onExhausted;
    this.root = newRoot(schema, allocator, batchSize);
    this.rows = RowAppender.into(root, schema);
    this.types = schema.columns().stream().map(Types.NestedField::type).toList();
    // Read ahead, the digest is taken from the vectors; for structs and maps only records give it.
    // A gated read always reads ahead: a file's batches wait there until it has been verified.
    boolean digestible =
        this.digest == null || types.stream().allMatch(ContentDigest::digestsVectorsOf);
    boolean gated = fileDigests != null && fileDigests.gated();
    this.readAhead =
        (gated && !files.isEmpty()) || (threads > 1 && files.size() > 1 && digestible)
            ? new ReadAhead(
                schema, files, allocator, batchSize, threads, this::started, fileDigests)
            : null;
  }

  /**
   * An empty root for {@code schema}, its vectors sized for {@code batchSize} rows; the schema's
   * types are checked first ({@link ArrowLayout#check}), so a {@link RowAppender} into it cannot
   * fail.
   */
  static VectorSchemaRoot newRoot(
      org.apache.iceberg.Schema schema, BufferAllocator allocator, int batchSize) {
    ArrowLayout.check(schema);
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    root.getFieldVectors().forEach(vector -> vector.setInitialCapacity(batchSize));
    return root;
  }

  /** Moves {@code from}'s batch into {@code to}, and {@code to}'s buffers into {@code from}. */
  static void swap(VectorSchemaRoot from, VectorSchemaRoot to, VectorSchemaRoot scratch) {
    move(to, scratch);
    move(from, to);
    move(scratch, from);
  }

  private static void move(VectorSchemaRoot from, VectorSchemaRoot to) {
    List<FieldVector> sources = from.getFieldVectors();
    List<FieldVector> targets = to.getFieldVectors();
    for (int i = 0; i < sources.size(); i++) {
      sources.get(i).makeTransferPair(targets.get(i)).transfer();
    }
    to.setRowCount(from.getRowCount());
  }

  /** Tells {@code fileListener} as the batches handed out move from file to file. */
  void onFileStarted(FileListener fileListener) {
    this.listener = fileListener;
  }

  // Called on the caller's thread, in file order, before a file's first batch (even when its
  // batches were decoded ahead).
  private void started(int file) {
    filesStarted = file;
    if (listener != null) {
      listener.opened(file, fileCount);
    }
  }

  /** Adapts a function of the appender only, for files that always take the row path. */
  static Opener rows(Function<RowAppender, FileBatches> open) {
    return (root, rows) -> open.apply(rows);
  }

  /** Tells {@code listener} what the iteration throws (a digest that differs) before it throws. */
  ArrowBatches onFailure(Consumer<RuntimeException> listener) {
    this.onFailure = listener;
    return this;
  }

  public Schema schema() {
    return root.getSchema();
  }

  public long rowsRead() {
    return rowsRead;
  }

  /** How many files so far took the vectorized Parquet path; for tests and benchmarks. */
  int vectorizedFiles() {
    return readAhead != null ? readAhead.vectorizedFiles() : vectorizedFiles;
  }

  /**
   * The content digest of the rows read so far (see {@code docs/digest.md}): the root over {@link
   * #fileDigests()}; final once iteration is exhausted.
   */
  public String contentDigest() {
    Preconditions.checkState(
        digest != null || fileDigests != null,
        "Cannot return content digest: the reader did not compute it");
    return fileDigests != null ? fileDigests.root() : digest.hex();
  }

  /** The digest of each data file read to its end so far, in read order. */
  public List<FileDigest> fileDigests() {
    Preconditions.checkState(
        fileDigests != null, "Cannot return file digests: the reader did not compute them");
    return fileDigests.digests();
  }

  /** The single pass over the batches; a second call throws. */
  @Override
  public Iterator<VectorSchemaRoot> iterator() {
    Iterator<VectorSchemaRoot> batches = batches();
    return onFailure == null ? batches : ReadChecks.telling(batches, onFailure);
  }

  private Iterator<VectorSchemaRoot> batches() {
    Preconditions.checkState(!closed, "Cannot iterate Arrow batches: already closed");
    Preconditions.checkState(!iterated, "Cannot iterate Arrow batches twice: they stream once");
    iterated = true;
    root.allocateNew();
    return new Iterator<>() {
      private boolean exhausted;

      // Looks ahead in the files only: the current batch stays valid until next().
      @Override
      public boolean hasNext() {
        if (closed || exhausted) {
          return false;
        }
        if (readAhead != null) {
          if (!readAhead.hasNext()) {
            exhausted();
            return false;
          }
          return true;
        }
        while (current == null || !current.hasNext()) {
          if (current != null && fileDigester != null) {
            fileDigests.finished(filesStarted - 1, fileDigester.fileDigest());
            fileDigester = null;
          }
          closeCurrent();
          if (!files.hasNext()) {
            exhausted();
            return false;
          }
          started(filesStarted + 1);
          current = files.next().open(root, rows);
          if (fileDigests != null) {
            fileDigester =
                fileDigests.digester(filesStarted - 1, root.getSchema().getFields(), current);
          }
          if (current.vectorized()) {
            vectorizedFiles++;
          }
        }
        return true;
      }

      private void exhausted() {
        exhausted = true;
        onExhausted.accept(
            fileDigests != null ? fileDigests.root() : digest == null ? null : digest.hex());
      }

      @Override
      public VectorSchemaRoot next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (readAhead == null) {
          rowsRead += current.next(root, digest);
          if (fileDigester != null) {
            fileDigester.update(root, current.positions());
          }
          return root;
        }
        rowsRead += readAhead.next(root);
        if (digest != null) {
          digest.update(root, types);
        }
        return root;
      }
    };
  }

  private void closeCurrent() {
    if (current != null) {
      FileBatches closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeCurrent();
      if (readAhead != null) {
        readAhead.close();
      }
    } finally {
      root.close();
    }
  }
}
