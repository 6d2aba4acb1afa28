package dev.floe.ingest.files;

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
 */
public record InputOptions(
    String format, char delimiter, BufferAllocator allocator, HashedBytes verify) {
  /** Format by extension, comma-separated CSV, no allocator, no verification. */
  public static InputOptions defaults() {
    return new InputOptions(null, ',', null, null);
  }

  public InputOptions withFormat(String newFormat) {
    return new InputOptions(newFormat, delimiter, allocator, verify);
  }

  public InputOptions withDelimiter(char newDelimiter) {
    return new InputOptions(format, newDelimiter, allocator, verify);
  }

  public InputOptions withAllocator(BufferAllocator newAllocator) {
    return new InputOptions(format, delimiter, newAllocator, verify);
  }

  public InputOptions verifiedBy(HashedBytes hashed) {
    return new InputOptions(format, delimiter, allocator, hashed);
  }
}
