package dev.floe.ingest;

import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.iceberg.AppendFiles;

/**
 * The profile side of one data commit: the batches' profiles merged into the commit's, and when the
 * writer has a {@link ProfileTable}, that profile written there under a fresh commit id before the
 * data commit, which names the id in its snapshot summary ({@link
 * ProfileTable#COMMIT_ID_PROPERTY}). One per commit and its retries (for a lone batch, also the
 * writer's retries of {@code CommitFailedException}, as it lives on the {@link PendingBatch}): a
 * retry of the same batches reuses the id and does not write the profile again; when the batches
 * change (a group that lost duplicates), a new id and profile are written. A profile whose data
 * never lands is ignored by {@link ProfileTable#read}.
 *
 * <p>{@link #prepare} does the merge and the profile-table write off the commit's path: as soon as
 * the batches are profiled, while their files are still being encoded, on {@code writes} (a thread
 * of the writer's own, never the encoders' pool, whose threads the table commit must not hold). The
 * data commit then only waits for that write to have landed. Not thread-safe apart from that: used
 * by the thread committing.
 */
final class ProfileCommit {
  private final ProfileTable profiles; // null: the writer has none
  private final String tableName;
  private final Executor writes;
  private List<PendingBatch> writtenFor;
  private List<Profile> writtenProfiles; // the batches' own, compared by identity
  private String commitId;
  private CompletableFuture<Prepared> prepared;

  ProfileCommit(ProfileTable profiles, String tableName, Executor writes) {
    this.profiles = profiles;
    this.tableName = tableName;
    this.writes = writes;
  }

  /** The commit's profile made ahead: for these batches and profiles, under this id (or none). */
  private record Prepared(
      List<PendingBatch> batches, List<Profile> each, Profile merged, String commitId) {}

  /**
   * Merges {@code each} (the profiles of {@code batches}, in order, once they complete) and writes
   * the result to the profile table, without waiting for either.
   */
  void prepare(List<PendingBatch> batches, CompletableFuture<List<Profile>> each) {
    List<PendingBatch> copy = List.copyOf(batches);
    CompletableFuture<Prepared> merged =
        each.thenApply(list -> new Prepared(copy, list, merge(list), null));
    if (profiles != null) {
      merged = merged.thenApplyAsync(this::write, writes);
    }
    prepared = merged;
  }

  /**
   * The merged profile of {@code batches} as {@link #prepare} made it (null when they cannot merge:
   * a column changed type between them), or {@code computed} when nothing was prepared for them.
   */
  Profile profileOf(List<PendingBatch> batches, Supplier<Profile> computed) {
    Prepared ahead = preparedFor(batches);
    return ahead != null ? ahead.merged() : computed.get();
  }

  /** Writes the profile of {@code batches} once, then names it in {@code append}'s summary. */
  void applyTo(AppendFiles append, List<PendingBatch> batches, Profile profile) {
    if (profiles == null || profile == null) {
      return;
    }
    // A batch converted again (the schema changed before a retry) has a new profile: a new id.
    List<Profile> each = batches.stream().map(PendingBatch::profile).toList();
    if (!batches.equals(writtenFor) || !sameObjects(each, writtenProfiles)) {
      Prepared ahead = preparedFor(batches);
      String id;
      if (ahead != null && ahead.merged() == profile) {
        id = ahead.commitId(); // written while the files were encoded
      } else {
        id = ProfileTable.newCommitId();
        profiles.write(tableName, id, profile);
      }
      writtenFor = List.copyOf(batches);
      writtenProfiles = each;
      commitId = id;
    }
    append.set(ProfileTable.COMMIT_ID_PROPERTY, commitId);
  }

  /** What {@link #prepare} made, when it was for exactly {@code batches} and their profiles. */
  private Prepared preparedFor(List<PendingBatch> batches) {
    if (prepared == null) {
      return null;
    }
    Prepared ahead;
    try {
      ahead = prepared.join();
    } catch (CompletionException e) {
      prepared = null; // the commit fails here; a retry writes the profile in line
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    List<Profile> each = batches.stream().map(PendingBatch::profile).toList();
    return ahead.batches().equals(batches) && sameObjects(each, ahead.each()) ? ahead : null;
  }

  private Prepared write(Prepared merged) {
    if (merged.merged() == null) {
      return merged;
    }
    String id = ProfileTable.newCommitId();
    profiles.write(tableName, id, merged.merged());
    return new Prepared(merged.batches(), merged.each(), merged.merged(), id);
  }

  /** The profiles merged in batch order, or null when a column's type changed between them. */
  static Profile merge(List<Profile> each) {
    Profile merged = Profile.EMPTY;
    for (Profile profile : each) {
      if (profile == null) {
        return null;
      }
      try {
        merged = merged.merge(profile);
      } catch (IllegalArgumentException e) {
        return null; // no profile, no wrong ndv
      }
    }
    return merged;
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
