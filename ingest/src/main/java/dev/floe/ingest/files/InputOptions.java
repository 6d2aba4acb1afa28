package dev.floe.ingest.files;

import dev.floe.ingest.ArrowInput;
import org.apache.arrow.memory.BufferAllocator;

/**
 * How {@link InputFiles#open} reads a file. Start from {@link #defaults()}.
 *
 * @param format one of {@link InputFiles#FORMATS}, or null to tell it by the file's extension
 * @param delimiter what separates CSV values
 * @param allocator where Arrow input's buffers come from; the caller closes it. Needed for Arrow
 *     input only
 * @param verify the bytes the file was hashed as: text input is read only up to them and fails if
 *     they no longer hash the same (see {@link HashedBytes#open}); null reads the whole file as it
 *     is
 * @param arrow for CSV and JSON lines: batches whose values all convert to the table's columns are
 *     read straight into Arrow vectors from {@code allocator} ({@link ArrowInput}), the others as
 *     map rows; null reads map rows only. Arrow IPC input then gives its record batches as they
 *     are. The caller closes an Arrow batch's root once it is appended ({@link ArrowInput#release})
 */
public record InputOptions(
    String format,
    char delimiter,
    BufferAllocator allocator,
    HashedBytes verify,
    ArrowInput arrow) {
  /** Format by extension, comma-separated CSV, no allocator, no verification, map rows. */
  public static InputOptions defaults() {
    return new InputOptions(null, ',', null, null, null);
  }

  /** Text read into Arrow vectors where it can be (needs an allocator); null: map rows only. */
  public InputOptions withArrowInput(ArrowInput newArrow) {
    return new InputOptions(format, delimiter, allocator, verify, newArrow);
  }

  public InputOptions withFormat(String newFormat) {
    return new InputOptions(newFormat, delimiter, allocator, verify, arrow);
  }

  public InputOptions withDelimiter(char newDelimiter) {
    return new InputOptions(format, newDelimiter, allocator, verify, arrow);
  }

  public InputOptions withAllocator(BufferAllocator newAllocator) {
    return new InputOptions(format, delimiter, newAllocator, verify, arrow);
  }

  public InputOptions verifiedBy(HashedBytes hashed) {
    return new InputOptions(format, delimiter, allocator, hashed, arrow);
  }
}
