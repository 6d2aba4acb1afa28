package dev.floe.catalog.refs;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.Experiments;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.exceptions.ValidationException;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;

/** Creates a Nessie experiment branch and its Floe start commit (who, why, from where). */
final class NessieCreate implements Experiments.CreateExperiment {
  private static final String MARKER = "floe-experiment";
  private static final String HASH = "[0-9a-fA-F]{8,64}";

  private final NessieRefs refs;
  private final String name;
  private String from;
  private String purpose = "";
  private String owner = System.getProperty("user.name", "unknown");
  private java.time.Duration ttl;

  NessieCreate(NessieRefs refs, String name) {
    this.refs = refs;
    this.name = name;
    this.from = refs.defaultBranch();
  }

  @Override
  public Experiments.CreateExperiment from(String ref) {
    this.from = ref;
    return this;
  }

  @Override
  public Experiments.CreateExperiment purpose(String text) {
    this.purpose = text;
    return this;
  }

  @Override
  public Experiments.CreateExperiment owner(String user) {
    this.owner = user;
    return this;
  }

  @Override
  public Experiments.CreateExperiment ttl(java.time.Duration value) {
    this.ttl = TableRefExperiments.checkTtl(value);
    return this;
  }

  /** Ignored: a Nessie branch holds every table of the catalog. */
  @Override
  public Experiments.CreateExperiment tables(String... names) {
    return this;
  }

  @Override
  public Experiment commit() {
    String[] source = source();
    Branch created;
    try {
      Reference ref =
          refs.api()
              .createReference()
              .sourceRefName(source[0])
              .reference(Branch.of(name, source[1]))
              .create();
      created = (Branch) ref;
    } catch (NessieConflictException e) {
      throw new ValidationException(
          "Cannot create experiment %s: a Nessie branch or tag with that name exists", name);
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(
          e, "Cannot create experiment %s: %s not found in Nessie", name, from);
    }
    Instant now = Instant.now();
    Instant expires = ttl == null ? null : now.plus(ttl);
    Map<String, String> properties = new java.util.HashMap<>();
    properties.put(NessieExperiments.EXPERIMENT, name);
    properties.put(NessieExperiments.OWNER, owner);
    properties.put(NessieExperiments.PURPOSE, purpose);
    properties.put(NessieExperiments.FROM, from);
    if (expires != null) {
      properties.put(NessieExperiments.EXPIRES, expires.toString());
    }
    CommitMeta meta =
        CommitMeta.builder()
            .message("floe: start experiment " + name)
            .author(owner)
            .authorTime(now)
            .properties(properties)
            .build();
    try {
      // Nessie refuses commits without operations; "unchanged" records none and merges freely.
      refs.api()
          .commitMultipleOperations()
          .branch(created)
          .commitMeta(meta)
          .operation(Operation.Unchanged.of(ContentKey.of(MARKER, name)))
          .commit();
    } catch (NessieConflictException | NessieNotFoundException e) {
      throw NessieRefs.failure(
          e, "Created branch %s but cannot record its owner and purpose", name);
    }
    return new Experiment(name, from, owner, purpose, now, refs.tables(name), now, expires);
  }

  /** {source ref name, hash}: a branch or tag by name, else a commit hash on the default branch. */
  private String[] source() {
    Reference ref = refs.find(from);
    if (ref != null) {
      return new String[] {ref.getName(), ref.getHash()};
    }
    if (from.matches(HASH)) {
      String prefix = from.toLowerCase(java.util.Locale.ROOT);
      try {
        return refs.commits()
            .withPrefix(refs.defaultBranch(), prefix)
            .map(hash -> new String[] {refs.defaultBranch(), hash})
            .orElseThrow(
                () ->
                    new NoSuchRefException(
                        "Cannot create experiment %s: no commit %s on %s",
                        name, from, refs.defaultBranch()));
      } catch (NessieNotFoundException e) {
        throw new NoSuchRefException(
            e, "Cannot create experiment %s: no commit %s on %s", name, from, refs.defaultBranch());
      }
    }
    throw new NoSuchRefException(
        "Cannot create experiment %s: no Nessie branch, tag or commit hash '%s'", name, from);
  }
}
