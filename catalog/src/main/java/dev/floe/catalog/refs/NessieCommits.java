package dev.floe.catalog.refs;

import dev.floe.catalog.NessieCommit;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.FetchOption;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.LogResponse.LogEntry;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;

/**
 * Reading Nessie commit logs for {@link NessieRefs}: hashes from prefixes, commits since a time, a
 * table's metadata versions, and the commit to tag for one Iceberg snapshot.
 */
final class NessieCommits {
  static final int MAX_PREFIX_SEARCH = 10_000;
  private static final int FULL_HASH_LENGTH = 64;

  private final NessieRefs refs;
  private final NessieApiV2 api;

  NessieCommits(NessieRefs refs, NessieApiV2 api) {
    this.refs = refs;
    this.api = api;
  }

  /** See {@link NessieRefs#commit}. */
  String commit(String ref, String hash) {
    String lower = hash.toLowerCase(Locale.ROOT);
    try {
      if (lower.length() == FULL_HASH_LENGTH) {
        // Nessie finds any commit by its full hash, whichever reference it is read through.
        api.getCommitLog().refName(ref).hashOnRef(lower).maxRecords(1).get();
        return lower;
      }
      Optional<String> full = withPrefix(ref, lower);
      if (full.isPresent()) {
        return full.get();
      }
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(
          e, "No Nessie commit '%s' (looked it up through reference '%s')", hash, ref);
    }
    throw new NoSuchRefException(
        "No Nessie commit '%s' among the last %s commits of '%s' (give the full hash for older"
            + " commits or commits of other references)",
        hash, MAX_PREFIX_SEARCH, ref);
  }

  /**
   * The newest of the last {@link #MAX_PREFIX_SEARCH} commits of {@code ref} whose hash starts with
   * {@code prefix} (lower case): Nessie wants full hashes, people copy short ones.
   */
  Optional<String> withPrefix(String ref, String prefix) throws NessieNotFoundException {
    return api.getCommitLog().refName(ref).stream()
        .limit(MAX_PREFIX_SEARCH)
        .map(entry -> entry.getCommitMeta().getHash())
        .filter(full -> full.startsWith(prefix))
        .findFirst();
  }

  /** See {@link NessieRefs#commitLog}. */
  List<NessieCommit> commitLog(String ref, Instant since) {
    List<NessieCommit> commits = new ArrayList<>();
    try {
      Iterator<LogEntry> log = api.getCommitLog().refName(ref).stream().iterator();
      while (log.hasNext()) {
        LogEntry entry = log.next();
        Instant committed = entry.getCommitMeta().getCommitTime();
        if (committed == null) {
          committed = Instant.EPOCH;
        }
        if (!commits.isEmpty() && committed.isBefore(since)) {
          break;
        }
        commits.add(new NessieCommit(entry.getCommitMeta().getHash(), committed));
      }
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie reference named '%s'", ref);
    }
    return commits;
  }

  /** See {@link NessieRefs#metadataLocations}. */
  List<String> metadataLocations(String ref, String table, Instant since) {
    ContentKey key = NessieRefs.key(table);
    Set<String> locations = new LinkedHashSet<>();
    String oldest = null;
    try {
      Iterator<LogEntry> log =
          api.getCommitLog().refName(ref).fetch(FetchOption.ALL).stream().iterator();
      while (log.hasNext()) {
        LogEntry entry = log.next();
        Instant committed = entry.getCommitMeta().getCommitTime();
        if (oldest != null && (committed == null || committed.isBefore(since))) {
          break;
        }
        oldest = entry.getCommitMeta().getHash();
        List<Operation> operations = entry.getOperations();
        for (Operation operation : operations == null ? List.<Operation>of() : operations) {
          if (operation instanceof Operation.Put put
              && key.equals(put.getKey())
              && put.getContent() instanceof IcebergTable version) {
            locations.add(version.getMetadataLocation());
          }
        }
      }
      if (oldest != null) {
        Content atOldest = api.getContent().refName(ref).hashOnRef(oldest).key(key).get().get(key);
        if (atOldest instanceof IcebergTable version) {
          locations.add(version.getMetadataLocation());
        }
      }
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie reference named '%s'", ref);
    }
    return List.copyOf(locations);
  }

  /**
   * The newest of the last {@code limit} commits of {@code branch} whose properties say {@code
   * property} is {@code value}, or null.
   */
  CommitMeta newestWith(Branch branch, String property, String value, int limit) {
    try {
      return api.getCommitLog().refName(branch.getName()).hashOnRef(branch.getHash()).stream()
          .map(LogEntry::getCommitMeta)
          .limit(limit)
          .filter(meta -> value.equals(meta.getProperties().get(property)))
          .findFirst()
          .orElse(null);
    } catch (NessieNotFoundException e) {
      return null;
    }
  }

  /**
   * The newest commit of the default branch (else of another branch) at which {@code table}'s
   * current snapshot is {@code snapshotId}: walking back from the head, the window of commits since
   * the table last changed ends at the commit that set it.
   */
  String commitWithSnapshot(String table, long snapshotId) {
    String onMain = search(refs.defaultBranch(), table, snapshotId);
    if (onMain != null) {
      return onMain;
    }
    // Not on main: an experiment's snapshot (e.g. `floe tag db.t@exp train-1`).
    for (Reference ref : refs.references(false)) {
      if (ref instanceof Branch && !ref.getName().equals(refs.defaultBranch())) {
        String found = search(ref.getName(), table, snapshotId);
        if (found != null) {
          return found;
        }
      }
    }
    throw new SnapshotNotFoundException(
        "Cannot tag snapshot %s of %s: it was never the table's current snapshot on any Nessie"
            + " branch",
        snapshotId, table);
  }

  private String search(String branch, String table, long snapshotId) {
    ContentKey key = NessieRefs.key(table);
    Iterator<LogEntry> log;
    try {
      log = api.getCommitLog().refName(branch).fetch(FetchOption.ALL).stream().iterator();
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie branch named '%s'", branch);
    }
    String newestInWindow = null;
    while (log.hasNext()) {
      LogEntry entry = log.next();
      if (newestInWindow == null) {
        newestInWindow = entry.getCommitMeta().getHash();
      }
      Operation change = change(entry, key);
      if (change == null) {
        continue;
      }
      if (change instanceof Operation.Put put
          && put.getContent() instanceof IcebergTable iceberg
          && iceberg.getSnapshotId() == snapshotId) {
        return newestInWindow;
      }
      // The table changed here: older commits hold an older state of it.
      newestInWindow = null;
    }
    return null;
  }

  private static Operation change(LogEntry entry, ContentKey key) {
    if (entry.getOperations() == null) {
      return null;
    }
    return entry.getOperations().stream()
        .filter(op -> key.equals(op.getKey()))
        .filter(op -> op instanceof Operation.Put || op instanceof Operation.Delete)
        .findFirst()
        .orElse(null);
  }
}
