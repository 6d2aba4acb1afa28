package dev.floe.ingest;

import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import java.util.List;
import org.apache.iceberg.AppendFiles;

/**
 * The profile side of one data commit when the writer has a {@link ProfileTable}: writes the
 * commit's profile there under a fresh commit id before the data commit, and names that id in the
 * data snapshot's summary ({@link ProfileTable#COMMIT_ID_PROPERTY}). One per commit and its retries
 * (for a lone batch, also the writer's retries of {@code CommitFailedException}, as it lives on the
 * {@link PendingBatch}): a retry of the same batches reuses the id and does not write the profile
 * again; when the batches change (a group that lost duplicates), a new id and profile are written.
 * A profile whose data never lands is ignored by {@link ProfileTable#read}. Not thread-safe: used
 * under the table's lock.
 */
final class ProfileCommit {
  private final ProfileTable profiles; // null: the writer has none
  private final String tableName;
  private List<PendingBatch> writtenFor;
  private List<Profile> writtenProfiles; // the batches' own, compared by identity
  private String commitId;

  ProfileCommit(ProfileTable profiles, String tableName) {
    this.profiles = profiles;
    this.tableName = tableName;
  }

  /** Writes the profile of {@code batches} once, then names it in {@code append}'s summary. */
  void applyTo(AppendFiles append, List<PendingBatch> batches, Profile profile) {
    if (profiles == null || profile == null) {
      return;
    }
    // A batch converted again (the schema changed before a retry) has a new profile: a new id.
    List<Profile> each = batches.stream().map(PendingBatch::profile).toList();
    if (!batches.equals(writtenFor) || !sameObjects(each, writtenProfiles)) {
      String id = ProfileTable.newCommitId();
      profiles.write(tableName, id, profile);
      writtenFor = List.copyOf(batches);
      writtenProfiles = each;
      commitId = id;
    }
    append.set(ProfileTable.COMMIT_ID_PROPERTY, commitId);
  }

  private static boolean sameObjects(List<Profile> a, List<Profile> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
