package dev.floe.columnar;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.parquet.column.ColumnWriteStore;

/**
 * When parquet-java's column store next checks its pages: the row count at which {@code
 * endRecord()} runs its size check, a private field of its {@code ColumnWriteStoreBase} (no public
 * method says it). Writing up to that row column by column leaves every page where a row-by-row
 * write puts it. Without the field (another parquet-java), the answer is 1 row: the same bytes, row
 * by row.
 */
final class StoreChecks {
  private static final Class<?> STORE = storeClass();
  private static final VarHandle NEXT_CHECK = nextCheck();

  private StoreChecks() {}

  /**
   * Rows {@code store}, holding {@code rows} rows of its row group, takes before its next check.
   */
  static long rowsToNextCheck(ColumnWriteStore store, long rows) {
    return NEXT_CHECK != null && STORE.isInstance(store) ? (long) NEXT_CHECK.get(store) - rows : 1;
  }

  /** True when the store's check row is known, so writes run column by column. */
  static boolean known() {
    return NEXT_CHECK != null;
  }

  private static Class<?> storeClass() {
    try {
      return Class.forName("org.apache.parquet.column.impl.ColumnWriteStoreBase");
    } catch (ClassNotFoundException e) {
      return Void.class; // no store is one: every run is one row long
    }
  }

  private static VarHandle nextCheck() {
    try {
      return MethodHandles.privateLookupIn(STORE, MethodHandles.lookup())
          .findVarHandle(STORE, "rowCountForNextSizeCheck", long.class);
    } catch (ReflectiveOperationException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
