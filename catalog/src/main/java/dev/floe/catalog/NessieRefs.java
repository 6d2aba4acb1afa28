package dev.floe.catalog;

import dev.floe.catalog.exceptions.FloeException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.FetchOption;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.LogResponse.LogEntry;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;
import org.projectnessie.model.Tag;
import org.projectnessie.model.Validation;

/** The Nessie references of a nessie-mode catalog, through the Nessie API v2 client. */
final class NessieRefs implements AutoCloseable {
  private static final int FULL_HASH_LENGTH = 64;
  private static final int MAX_PREFIX_SEARCH = 10_000;

  private final NessieApiV2 api;
  private final String defaultBranch;

  NessieRefs(NessieApiV2 api, String defaultBranch) {
    this.api = api;
    this.defaultBranch = defaultBranch;
  }

  NessieApiV2 api() {
    return api;
  }

  /** The branch experiments start from and merge into (the catalog's {@code floe.nessie.ref}). */
  String defaultBranch() {
    return defaultBranch;
  }

  /** The reference named {@code name} with its current hash, or null if there is none. */
  Reference find(String name) {
    if (!Validation.isValidReferenceName(name)) {
      return null;
    }
    try {
      return api.getReference().refName(name).get();
    } catch (NessieNotFoundException e) {
      return null;
    }
  }

  /** Like {@link #find}, with commit counts and the head's commit metadata. */
  Reference findWithMetadata(String name) {
    if (!Validation.isValidReferenceName(name)) {
      return null;
    }
    try {
      return api.getReference().refName(name).fetch(FetchOption.ALL).get();
    } catch (NessieNotFoundException e) {
      return null;
    }
  }

  Branch branch(String name) {
    Reference ref = find(name);
    if (!(ref instanceof Branch branch)) {
      throw new NoSuchRefException(
          ref == null
              ? "No Nessie branch named '%s'"
              : "Nessie reference '%s' is a tag, not a branch",
          name);
    }
    return branch;
  }

  /**
   * The full hash of the commit {@code hash} names (a full hash, or a prefix of at least 8 hex
   * digits of a commit on {@code ref}); throws {@link NoSuchRefException} naming it if there is no
   * such commit.
   */
  String commit(String ref, String hash) {
    String lower = hash.toLowerCase(Locale.ROOT);
    try {
      if (lower.length() == FULL_HASH_LENGTH) {
        // Nessie finds any commit by its full hash, whichever reference it is read through.
        api.getCommitLog().refName(ref).hashOnRef(lower).maxRecords(1).get();
        return lower;
      }
      // Nessie wants full hashes; people copy short ones, so look the prefix up on the ref.
      Iterator<LogEntry> log = api.getCommitLog().refName(ref).stream().iterator();
      for (int i = 0; i < MAX_PREFIX_SEARCH && log.hasNext(); i++) {
        String full = log.next().getCommitMeta().getHash();
        if (full.startsWith(lower)) {
          return full;
        }
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
   * Creates the Nessie tag {@code tag} at commit {@code hash}, or keeps it if it already points
   * there; throws {@link ValidationException} if a branch or tag of that name points elsewhere.
   */
  void tagCommit(String tag, String hash) {
    checkName("tag", tag);
    Reference existing = find(tag);
    if (existing != null) {
      if (existing instanceof Tag && hash.equals(existing.getHash())) {
        return;
      }
      throw new ValidationException(
          "Cannot tag Nessie commit %s as '%s': a Nessie %s of that name exists at %s",
          hash, tag, existing instanceof Tag ? "tag" : "branch", existing.getHash());
    }
    try {
      api.createReference().sourceRefName(defaultBranch).reference(Tag.of(tag, hash)).create();
    } catch (NessieConflictException e) {
      // Another pin of the same commit may have created the tag first: that is success.
      Reference raced = find(tag);
      if (!(raced instanceof Tag) || !hash.equals(raced.getHash())) {
        throw failure(e, "Cannot tag Nessie commit %s as '%s'", hash, tag);
      }
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(
          e, "Cannot tag Nessie commit %s as '%s': no such commit", hash, tag);
    }
  }

  /** Names of the Nessie branches and tags whose head holds {@code table}, sorted. */
  List<String> holding(String table) {
    ContentKey key = key(table);
    List<String> names = new ArrayList<>();
    for (Reference ref : api.getAllReferences().get().getReferences()) {
      try {
        if (api.getContent()
            .refName(ref.getName())
            .hashOnRef(ref.getHash())
            .key(key)
            .get()
            .containsKey(key)) {
          names.add(ref.getName());
        }
      } catch (NessieNotFoundException e) {
        // Dropped since it was listed: it holds nothing now.
      }
    }
    names.sort(null);
    return names;
  }

  /** Names of every Nessie branch and tag, sorted. */
  List<String> names() {
    return api.getAllReferences().get().getReferences().stream()
        .map(Reference::getName)
        .sorted()
        .toList();
  }

  /**
   * The commits of {@code ref}, newest first, back to the first one committed before {@code since}
   * (excluded); the head is always included.
   */
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

  /**
   * Metadata locations of {@code table} ({@code db.t}) as {@code ref} had it at its head and at
   * every commit at or after {@code since}: the version at the oldest such commit plus every
   * version a later commit put, each once, newest first. One streamed commit log (with operations)
   * and one content lookup, however many commits: commits of other tables cost nothing.
   */
  List<String> metadataLocations(String ref, String table, Instant since) {
    ContentKey key = key(table);
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

  /** Tables ({@code db.t}) on a reference, sorted. */
  List<String> tables(String ref) {
    try {
      return api.getEntries().refName(ref).stream()
          .filter(e -> e.getType() == Content.Type.ICEBERG_TABLE)
          .map(e -> name(e.getName()))
          .sorted()
          .toList();
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie reference named '%s'", ref);
    }
  }

  /**
   * Tables the branch changed since it forked from the default branch: only these can differ from
   * main because of the experiment (main's own later changes are not the experiment's).
   */
  List<String> changedSinceFork(Branch branch) {
    String fork =
        branch.getMetadata() == null ? null : branch.getMetadata().getCommonAncestorHash();
    try {
      var diff = api.getDiff().fromRefName(branch.getName()).toRef(branch);
      if (fork != null) {
        diff.fromHashOnRef(fork);
      } else {
        diff.fromRefName(defaultBranch);
      }
      return diff.stream()
          .filter(e -> e.getTo() != null && e.getTo().getType() == Content.Type.ICEBERG_TABLE)
          .map(e -> name(e.getKey()))
          .sorted()
          .toList();
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie branch named '%s'", branch.getName());
    }
  }

  static String name(ContentKey key) {
    return String.join(".", key.getElements());
  }

  static ContentKey key(String table) {
    return ContentKey.of(TableIdentifier.parse(table).toString().split("\\."));
  }

  /** Floe's name rules plus Nessie's (no {@code ..}, no trailing {@code .}, not a hash). */
  static void checkName(String kind, String name) {
    RefNames.check(kind, name, true);
  }

  static FloeException failure(Exception e, String what, Object... args) {
    return new FloeException(e, String.format(what, args) + ": " + e.getMessage());
  }

  @Override
  public void close() {
    api.close();
  }
}
