package dev.floe.timetravel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The per-part rows of each digest unit ({@link FileDigest.Unit#parts()}), taken from the part
 * reads a pin already makes for the split digests: a part read takes its units over the same
 * physical row groups, so unit u of file f of a part's read holds that part's rows of unit u of
 * file f.
 */
final class PartUnits {
  private PartUnits() {}

  /** {@code files} (of the whole read) with each unit's parts from {@code parts}' reads. */
  static List<FileDigest> attach(List<FileDigest> files, Map<Split.Part, List<FileDigest>> parts) {
    List<FileDigest> attached = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      FileDigest file = files.get(f);
      List<FileDigest.Unit> units = new ArrayList<>();
      for (int u = 0; u < file.units().size(); u++) {
        Map<Split.Part, FileDigest.PartRows> rowsOf = new EnumMap<>(Split.Part.class);
        for (Map.Entry<Split.Part, List<FileDigest>> part : parts.entrySet()) {
          FileDigest partFile = part.getValue().get(f);
          Preconditions.checkState(
              partFile.path().equals(file.path()) && partFile.units().size() == file.units().size(),
              "Cannot pin the %s part of %s: its read has other files or units",
              Rehydration.partName(part.getKey()),
              file.path());
          FileDigest.Unit unit = partFile.units().get(u);
          rowsOf.put(part.getKey(), new FileDigest.PartRows(unit.rows(), unit.digest()));
        }
        units.add(file.units().get(u).withParts(rowsOf));
      }
      attached.add(new FileDigest(file.path(), file.rows(), file.digest(), units));
    }
    return attached;
  }

  /**
   * The digest of {@code part} that {@code files}' parts give, or null when they have none: the
   * root over per-file {@code floe-digest/2} digests of the part's unit rows, as the lock's split
   * digest of that part is taken.
   */
  static String splitDigest(List<FileDigest> files, Split.Part part) {
    List<FileDigest> partFiles = new ArrayList<>();
    boolean any = false;
    String missing = null;
    for (FileDigest file : files) {
      List<FileDigest.Unit> units = new ArrayList<>();
      for (FileDigest.Unit unit : file.units()) {
        if (unit.parts().isEmpty()) {
          missing = unit.range() + " of " + file.path();
          continue;
        }
        units.add(unit.part(part));
        any = true;
      }
      long rows = units.stream().mapToLong(FileDigest.Unit::rows).sum();
      partFiles.add(new FileDigest(file.path(), rows, FileDigest.over(units), units));
    }
    Preconditions.checkArgument(
        !any || missing == null,
        "digest unit %s has no field 'parts', other units have: the lock was edited",
        missing);
    return any ? FileDigest.root(partFiles) : null;
  }

  /**
   * Refuses unit parts without a split, and a split digest that is not the one over the units'
   * parts: the parts are not under the content root, so this ties them to the lock's split digests.
   */
  static void check(Split split, Map<Split.Part, String> splitDigests, List<FileDigest> files) {
    if (files == null) {
      return;
    }
    for (Split.Part part : Split.Part.values()) {
      String computed = splitDigest(files, part);
      if (computed == null) {
        return;
      }
      Preconditions.checkArgument(
          split != null, "field 'parts' of a digest unit is in a lock without a split");
      String pinned = splitDigests.get(part);
      Preconditions.checkArgument(
          pinned == null || pinned.equals(computed),
          "the split digest of the %s part is %s, but the one over its units' parts is %s: the"
              + " lock was edited",
          Rehydration.partName(part),
          pinned,
          computed);
    }
  }
}
