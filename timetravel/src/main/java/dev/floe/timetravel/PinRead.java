package dev.floe.timetravel;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What a {@link Pin} reads of its snapshot: the content digest with each file's (and unit's)
 * digest, the rows read, and with a split each part's digest, the parts' rows attached to the units
 * they came from. A pin without a digest reads nothing: {@code digest} and {@code files} are null,
 * {@code rows} what the metadata says (null when it is not exact).
 */
record PinRead(String digest, List<FileDigest> files, Long rows, Map<Split.Part, String> parts) {

  static PinRead metadataOnly(Long rows) {
    return new PinRead(null, null, rows, Map.of());
  }

  /** Reads {@code reader}'s rows, then each part of {@code split} (null: no split). */
  static PinRead of(Reader reader, Split split) {
    Digested all = digest(reader);
    if (split == null) {
      return new PinRead(all.digest(), all.files(), all.rows(), Map.of());
    }
    Map<Split.Part, String> partDigests = new EnumMap<>(Split.Part.class);
    Map<Split.Part, List<FileDigest>> partFiles = new EnumMap<>(Split.Part.class);
    for (Split.Part part : Split.Part.values()) {
      Digested partRead = digest(reader.split(split, part));
      partDigests.put(part, partRead.digest());
      partFiles.put(part, partRead.files());
    }
    return new PinRead(
        all.digest(), PartUnits.attach(all.files(), partFiles), all.rows(), partDigests);
  }

  private record Digested(String digest, List<FileDigest> files, long rows) {}

  // An Arrow read: files are decoded and hashed in parallel, as a rehydration will check them.
  // The pin's own allocator: its batches never leave this method.
  private static Digested digest(Reader reader) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      return new Digested(batches.contentDigest(), batches.fileDigests(), batches.rowsRead());
    }
  }
}
