package dev.floe.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Real table operations that fail the next commits on request, in the manner of Iceberg's own
 * {@code failCommits(n)} test helper: the catalog and files stay real.
 */
final class FailingOperations implements TableOperations {
  enum Failure {
    /** The commit is refused: nothing lands. */
    CONFLICT,
    /** The commit lands, then the caller hears that its outcome is unknown. */
    UNKNOWN_BUT_LANDED,
    /** Nothing lands and the caller hears that its outcome is unknown. */
    UNKNOWN_NOT_LANDED
  }

  private final TableOperations delegate;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile Failure failure = Failure.CONFLICT;

  private FailingOperations(TableOperations delegate) {
    this.delegate = delegate;
  }

  /** A handle on {@code table} whose commits go through the returned operations. */
  static FailingOperations wrap(Table table) {
    return new FailingOperations(((HasTableOperations) table).operations());
  }

  Table table(String name) {
    return new BaseTable(this, name);
  }

  void failNext(int commits, Failure kind) {
    this.failure = kind;
    remaining.set(commits);
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (remaining.getAndDecrement() <= 0) {
      delegate.commit(base, metadata);
      return;
    }
    switch (failure) {
      case CONFLICT -> throw new CommitFailedException("Injected commit conflict");
      case UNKNOWN_BUT_LANDED -> {
        delegate.commit(base, metadata);
        throw new CommitStateUnknownException(new RuntimeException("Injected: connection lost"));
      }
      case UNKNOWN_NOT_LANDED ->
          throw new CommitStateUnknownException(new RuntimeException("Injected: connection lost"));
    }
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}
