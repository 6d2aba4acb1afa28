package dev.floe.spark;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Hadoop's FileIO that runs a hook once, when a task first opens a data file: a writer's append
 * lands between a Spark rewrite's planning and its commit, every time. Used as the Spark catalog's
 * {@code io-impl}; lives in Spark's class loader, armed through {@link LocalSpark#onFirstDataRead}.
 */
public class RacingFileIO extends HadoopFileIO {
  private static final AtomicReference<Runnable> HOOK = new AtomicReference<>();

  public static void arm(Runnable hook) {
    HOOK.set(hook);
  }

  @Override
  public InputFile newInputFile(String path) {
    fire(path);
    return super.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    fire(path);
    return super.newInputFile(path, length);
  }

  private static void fire(String path) {
    if (path.endsWith(".parquet")) {
      Runnable hook = HOOK.getAndSet(null);
      if (hook != null) {
        hook.run();
      }
    }
  }
}
