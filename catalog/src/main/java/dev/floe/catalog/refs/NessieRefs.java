package dev.floe.catalog.refs;

import dev.floe.catalog.NessieCommit;
import dev.floe.catalog.RefNames;
import dev.floe.catalog.exceptions.FloeException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.FetchOption;
import org.projectnessie.model.Reference;
import org.projectnessie.model.Tag;
import org.projectnessie.model.Validation;

/**
 * The Nessie references of a nessie-mode catalog, through the Nessie API v2 client: what {@link
 * dev.floe.catalog.Floe} and {@link dev.floe.catalog.FloeTables} ask of Nessie. Closing it closes
 * the client.
 */
public final class NessieRefs implements AutoCloseable {
  private final NessieApiV2 api;
  private final String defaultBranch;
  private final NessieCommits commits;

  /** Takes over {@code api}; {@code defaultBranch} is the catalog's {@code floe.nessie.ref}. */
  public NessieRefs(NessieApiV2 api, String defaultBranch) {
    this.api = api;
    this.defaultBranch = defaultBranch;
    this.commits = new NessieCommits(this, api);
  }

  NessieApiV2 api() {
    return api;
  }

  /** The branch experiments start from and merge into (the catalog's {@code floe.nessie.ref}). */
  public String defaultBranch() {
    return defaultBranch;
  }

  /** The reference named {@code name} with its current hash, or null if there is none. */
  public Reference find(String name) {
    return lookup(name, false);
  }

  /** Like {@link #find}, with commit counts and the head's commit metadata. */
  Reference findWithMetadata(String name) {
    return lookup(name, true);
  }

  private Reference lookup(String name, boolean metadata) {
    if (!Validation.isValidReferenceName(name)) {
      return null;
    }
    try {
      var get = api.getReference().refName(name);
      return (metadata ? get.fetch(FetchOption.ALL) : get).get();
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
   * Creates the Nessie tag {@code tag} at commit {@code hash}, or keeps it if it already points
   * there; throws {@link ValidationException} if a branch or tag of that name points elsewhere.
   */
  public void tagCommit(String tag, String hash) {
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
  public List<String> holding(String table) {
    ContentKey key = key(table);
    List<String> names = new ArrayList<>();
    for (Reference ref : references(false)) {
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
  public List<String> names() {
    return references(false).stream().map(Reference::getName).sorted().toList();
  }

  /** Every Nessie branch and tag; with {@code metadata}, with commit counts and head metadata. */
  List<Reference> references(boolean metadata) {
    return (metadata ? api.getAllReferences().fetch(FetchOption.ALL) : api.getAllReferences())
        .get()
        .getReferences();
  }

  /**
   * The full hash of the commit {@code hash} names (a full hash, or a prefix of at least 8 hex
   * digits of a commit among the last 10,000 on {@code ref}); throws {@link NoSuchRefException}
   * naming it if there is no such commit.
   */
  public String commit(String ref, String hash) {
    return commits.commit(ref, hash);
  }

  /**
   * The commits of {@code ref}, newest first, back to the first one committed before {@code since}
   * (excluded); the head is always included.
   */
  public List<NessieCommit> commitLog(String ref, Instant since) {
    return commits.commitLog(ref, since);
  }

  /**
   * Metadata locations of {@code table} ({@code db.t}) as {@code ref} had it at its head and at
   * every commit at or after {@code since}: the version at the oldest such commit plus every
   * version a later commit put, each once, newest first. One streamed commit log (with operations)
   * and one content lookup, however many commits: commits of other tables cost nothing.
   */
  public List<String> metadataLocations(String ref, String table, Instant since) {
    return commits.metadataLocations(ref, table, since);
  }

  NessieCommits commits() {
    return commits;
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
