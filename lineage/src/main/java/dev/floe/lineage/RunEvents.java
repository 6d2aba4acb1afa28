package dev.floe.lineage;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.events.FloeEvent;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Maps Floe events to OpenLineage run events: one run per job, sent once as COMPLETE (or FAIL)
 * because Floe tells of a job after it finished. Datasets are named as OpenLineage's Spark
 * integration names Iceberg tables, so both graphs join: the table location ({@code file} and
 * {@code /w/db/t}, or {@code s3://bucket} and {@code w/db/t}) with a TABLE symlink {@code db.t} in
 * the catalog's namespace. The snapshot id is the dataset version, as a string (a JSON number loses
 * precision above 2^53).
 */
public final class RunEvents {
  static final URI PRODUCER = URI.create("https://github.com/floe-dev/floe/tree/main/lineage");
  static final URI FLOE_FACET_SCHEMA =
      URI.create("https://github.com/floe-dev/floe/blob/main/docs/lineage.md#floe-run-facet");

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String jobNamespace;
  private final String catalogNamespace;

  private RunEvents(String jobNamespace, String catalogNamespace) {
    this.jobNamespace = jobNamespace;
    this.catalogNamespace = catalogNamespace;
  }

  public static RunEvents of(FloeConfig config) {
    String catalog =
        config.get(LineageProperties.CATALOG_NAMESPACE, defaultCatalogNamespace(config));
    return new RunEvents(
        config.get(LineageProperties.JOB_NAMESPACE, LineageProperties.JOB_NAMESPACE_DEFAULT),
        catalog);
  }

  private static String defaultCatalogNamespace(FloeConfig config) {
    if (config.mode() == CatalogMode.NESSIE) {
      return FloeConfig.redactUri(config.get(FloeProperties.NESSIE_URI, ""));
    }
    if (config.mode() == CatalogMode.REST) {
      return FloeConfig.redactUri(config.get(FloeProperties.REST_URI, ""));
    }
    Path local = config.localWarehouse();
    return local != null ? local.toUri().toString() : config.warehouse();
  }

  public OpenLineage.RunEvent toRunEvent(FloeEvent event) {
    Map<String, Object> floe = new LinkedHashMap<>();
    EventType type = EventType.COMPLETE;
    List<OpenLineage.InputDataset> inputs = List.of();
    List<OpenLineage.OutputDataset> outputs = List.of();
    String job;
    String runKey;
    if (event instanceof FloeEvent.Commit c) {
      job = "commit";
      // Group commit puts several batches in one snapshot: each batch is its own run.
      runKey =
          Long.toString(c.snapshotId())
              + c.batches().stream().map(b -> "/" + b.producer() + ":" + b.sequences()).toList();
      floe.put("operation", c.operation());
      floe.put("branch", c.branch());
      floe.put("batches", c.batches().stream().map(RunEvents::batch).toList());
      outputs =
          List.of(output(c, c.snapshotId(), c.addedRecords(), c.addedBytes(), c.addedFiles()));
    } else if (event instanceof FloeEvent.Compaction c) {
      job = "compaction." + c.kind();
      runKey = c.snapshotId() + "@" + c.at();
      floe.put("branch", c.branch());
      floe.put("rewrittenFiles", c.rewrittenFiles());
      floe.put("addedFiles", c.addedFiles());
      floe.put("rewrittenBytes", c.rewrittenBytes());
      floe.put("addedBytes", c.addedBytes());
      floe.put("failedGroups", c.failedGroups());
      floe.put("durationMillis", c.durationMillis());
      type = c.failedGroups() > 0 && c.snapshotId() < 0 ? EventType.FAIL : EventType.COMPLETE;
      outputs = List.of(output(c, c.snapshotId(), null, c.addedBytes(), c.addedFiles()));
    } else if (event instanceof FloeEvent.Expiry e) {
      job = e.kind();
      runKey = e.at().toString();
      floe.put("expiredSnapshotIds", e.expiredSnapshotIds().stream().map(String::valueOf).toList());
      floe.put("deletedFiles", e.deletedFiles());
      floe.put("deletedBytes", e.deletedBytes());
      floe.put("durationMillis", e.durationMillis());
      outputs = List.of(output(e, -1, null, null, null));
    } else if (event instanceof FloeEvent.Publish p) {
      job = "publish";
      // An audit published by a Nessie merge tells of both: one run, whichever comes last.
      runKey = p.toBranch() + "/" + p.snapshotId();
      floe.put("kind", p.kind());
      floe.put("fromBranch", p.fromBranch());
      floe.put("toBranch", p.toBranch());
      // The branch is an input of the same table (named by its location, as Spark names it),
      // at the branch's version, with the branch in its symlink: db.t@branch.
      inputs =
          List.of(
              dataset(
                      p,
                      p.fromSnapshotId() == null ? -1 : p.fromSnapshotId(),
                      p.fromBranch(),
                      ol.newInputDatasetBuilder())
                  .build());
      outputs =
          List.of(dataset(p, p.snapshotId(), p.toBranch(), ol.newOutputDatasetBuilder()).build());
    } else if (event instanceof FloeEvent.Pin p) {
      job = "pin";
      runKey = p.snapshotId() + "/" + p.lock().lockName();
      floe.put("lock", lock(p.lock()));
      inputs = List.of(input(p, p.snapshotId(), null, null, null));
    } else if (event instanceof FloeEvent.Rehydration r) {
      job = "rehydrate";
      runKey = r.snapshotId() + "/" + r.lock().lockName() + "@" + r.at();
      floe.put("lock", lock(r.lock()));
      if (r.shard() != null) {
        // Ranks read side by side: each shard's read is a run of its own.
        runKey += "/shard-" + r.shard().rank() + "-of-" + r.shard().worldSize();
        floe.put("shard", shard(r.shard()));
      }
      floe.put("verified", r.verified());
      floe.put("durationMillis", r.durationMillis());
      type = r.failed() ? EventType.FAIL : EventType.COMPLETE;
      inputs = List.of(input(r, r.snapshotId(), r.rows(), r.bytes(), r.files()));
    } else if (event instanceof FloeEvent.Verification v) {
      job = "verify";
      runKey = v.snapshotId() + "/" + v.lock().lockName() + "@" + v.at();
      floe.put("lock", lock(v.lock()));
      floe.put("problems", v.problems());
      floe.put("durationMillis", v.durationMillis());
      type = v.ok() ? EventType.COMPLETE : EventType.FAIL;
      inputs = List.of(input(v, v.snapshotId(), null, null, null));
    } else {
      throw new IllegalArgumentException("Unknown Floe event " + event.getClass());
    }
    String jobName = event.table() + "." + job;
    OpenLineage.DefaultRunFacet facet = new FloeFacet(PRODUCER);
    facet.getAdditionalProperties().putAll(floe);
    OpenLineage.RunFacets runFacets = ol.newRunFacetsBuilder().put("floe", facet).build();
    // Same job, table and snapshot: same run id, so a re-sent event updates, not duplicates.
    UUID runId =
        UUID.nameUUIDFromBytes(
            (jobNamespace + "/" + jobName + "/" + runKey).getBytes(StandardCharsets.UTF_8));
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(event.at().atZone(ZoneOffset.UTC))
        .run(ol.newRun(runId, runFacets))
        .job(ol.newJobBuilder().namespace(jobNamespace).name(jobName).build())
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  private OpenLineage.OutputDataset output(
      FloeEvent event, long snapshotId, Long rows, Long bytes, Long files) {
    DatasetIdentifier id = identifier(event);
    OpenLineage.OutputDatasetOutputFacetsBuilder out = ol.newOutputDatasetOutputFacetsBuilder();
    if (rows != null || bytes != null || files != null) {
      out.outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(rows, bytes, files));
    }
    return ol.newOutputDatasetBuilder()
        .namespace(id.getNamespace())
        .name(id.getName())
        .facets(facets(event, snapshotId))
        .outputFacets(out.build())
        .build();
  }

  private OpenLineage.InputDataset input(
      FloeEvent event, long snapshotId, Long rows, Long bytes, Long files) {
    DatasetIdentifier id = identifier(event);
    OpenLineage.InputDatasetInputFacetsBuilder in = ol.newInputDatasetInputFacetsBuilder();
    if (rows != null || bytes != null || files != null) {
      in.inputStatistics(ol.newInputStatisticsInputDatasetFacet(rows, bytes, files));
    }
    return ol.newInputDatasetBuilder()
        .namespace(id.getNamespace())
        .name(id.getName())
        .facets(facets(event, snapshotId))
        .inputFacets(in.build())
        .build();
  }

  private OpenLineage.InputDatasetBuilder dataset(
      FloeEvent event, long snapshotId, String branch, OpenLineage.InputDatasetBuilder builder) {
    DatasetIdentifier id = identifier(event);
    return builder
        .namespace(id.getNamespace())
        .name(id.getName())
        .facets(facets(event, snapshotId, branch));
  }

  private OpenLineage.OutputDatasetBuilder dataset(
      FloeEvent event, long snapshotId, String branch, OpenLineage.OutputDatasetBuilder builder) {
    DatasetIdentifier id = identifier(event);
    return builder
        .namespace(id.getNamespace())
        .name(id.getName())
        .facets(facets(event, snapshotId, branch));
  }

  private OpenLineage.DatasetFacets facets(FloeEvent event, long snapshotId) {
    return facets(event, snapshotId, "main");
  }

  /** The dataset facets; the symlink names a branch other than main as {@code db.t@branch}. */
  private OpenLineage.DatasetFacets facets(FloeEvent event, long snapshotId, String branch) {
    String symlink = "main".equals(branch) ? event.table() : event.table() + "@" + branch;
    OpenLineage.DatasetFacetsBuilder facets =
        ol.newDatasetFacetsBuilder()
            .symlinks(
                ol.newSymlinksDatasetFacet(
                    List.of(
                        ol.newSymlinksDatasetFacetIdentifiers(
                            catalogNamespace, symlink, "TABLE"))));
    if (snapshotId >= 0) {
      facets.version(ol.newDatasetVersionDatasetFacet(Long.toString(snapshotId)));
    }
    return facets.build();
  }

  /** The table location as OpenLineage's file-system naming has it. */
  static DatasetIdentifier identifier(FloeEvent event) {
    String location = event.location();
    URI uri =
        location.contains(":") && !location.matches("^[A-Za-z]:[\\\\/].*")
            ? URI.create(location)
            : Path.of(location).toUri();
    return FilesystemDatasetUtils.fromLocation(uri);
  }

  private static Map<String, Object> batch(FloeEvent.ProducerBatches b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("producer", b.producer());
    m.put("sequences", b.sequences());
    m.put("rows", b.rows());
    return m;
  }

  // The epoch as a string, as snapshot ids: a long that JSON numbers may not hold exactly.
  private static Map<String, Object> shard(FloeEvent.ShardInfo shard) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rank", shard.rank());
    m.put("worldSize", shard.worldSize());
    m.put("epoch", Long.toString(shard.epoch()));
    return m;
  }

  private static Map<String, Object> lock(FloeEvent.LockInfo lock) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", lock.lockName());
    if (lock.fingerprint() != null) {
      m.put("fingerprint", lock.fingerprint());
    }
    if (lock.digest() != null) {
      m.put("digest", lock.digest());
    }
    if (lock.split() != null) {
      m.put("split", lock.split());
    }
    return m;
  }

  /** Floe's run facet: its fields are documented in docs/lineage.md. */
  static final class FloeFacet extends OpenLineage.DefaultRunFacet {
    FloeFacet(URI producer) {
      super(producer);
    }

    @Override
    public URI get_schemaURL() {
      return FLOE_FACET_SCHEMA;
    }
  }
}
