package dev.floe.timetravel;

import java.util.function.Supplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A read path that does not hold the file's footer, with the file's digest units read from the
 * footer on demand ({@link DigestUnits}): only a {@code floe-digest/2} digest asks, once per file.
 */
final class FooterUnits implements FileBatches {
  private final FileBatches batches;
  private final Supplier<long[]> units;

  FooterUnits(FileBatches batches, Supplier<long[]> units) {
    this.batches = batches;
    this.units = units;
  }

  @Override
  public boolean hasNext() {
    return batches.hasNext();
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    return batches.next(root, digest);
  }

  @Override
  public long[] positions() {
    return batches.positions();
  }

  @Override
  public long[] unitRows() {
    return units.get();
  }

  @Override
  public boolean vectorized() {
    return batches.vectorized();
  }

  @Override
  public void close() {
    batches.close();
  }
}
