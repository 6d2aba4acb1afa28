package dev.floe.ingest;

import dev.floe.catalog.internal.CarriedLedger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinCompressionCodec;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.util.Pair;

/**
 * The ledger file: a Puffin file in the table's metadata folder holding one {@value #BLOB_TYPE}
 * blob (zstd) with every producer's committed sequences at one snapshot. Named {@code
 * floe-ledger-<generation>-<uuid>.puffin}; the generation counts the ledger files of a branch's
 * history, so a producer's entry can name the file of the commit that last added to it. Written
 * once, never changed. The blob's snapshot id and sequence number are the parent's: the state was
 * computed from it (plus the commit's batches).
 */
final class LedgerFile {
  static final String BLOB_TYPE = "floe-ingest-ledger-v1";
  private static final int FORMAT = 1;
  private static final String PREFIX = "floe-ledger-";

  private LedgerFile() {}

  /**
   * One producer: what it committed, when it last committed (epoch millis), which generation last
   * added to it and what that one added (-1 and empty when unknown, e.g. migrated).
   */
  record Entry(SequenceSet committed, long lastCommitMillis, long generation, SequenceSet added) {
    Entry {
      Objects.requireNonNull(committed, "committed");
      Objects.requireNonNull(added, "added");
    }
  }

  /** A ledger as read or written: its file (null for a summary ledger) and entries by producer. */
  record Ledger(CarriedLedger.Pointer pointer, long generation, Map<String, Entry> entries) {
    static final Ledger EMPTY = new Ledger(null, 0, Map.of());

    Ledger {
      entries = Map.copyOf(entries);
    }

    SequenceSet committed(String producer) {
      Entry entry = entries.get(producer);
      return entry == null ? SequenceSet.EMPTY : entry.committed();
    }

    Map<String, SequenceSet> state() {
      Map<String, SequenceSet> state = new TreeMap<>();
      entries.forEach((producer, entry) -> state.put(producer, entry.committed()));
      return state;
    }
  }

  /** A ledger file just written: sizes and the listed blobs its statistics-file entry needs. */
  record Written(Ledger ledger, long fileSize, long footerSize, List<BlobMetadata> listed) {}

  /** A ledger computed but not written yet: its name and content are final. */
  record Prepared(Ledger ledger, Blob blob) {}

  /** Prepares {@code entries} as generation {@code generation}, computed from {@code parent}. */
  static Prepared prepare(
      Table table, long generation, Map<String, Entry> entries, Snapshot parent) {
    byte[] payload = encode(generation, entries);
    String name = PREFIX + generation + "-" + UUID.randomUUID() + ".puffin";
    String location = metadataLocation(table, name);
    Blob blob =
        new Blob(
            BLOB_TYPE,
            List.of(),
            parent == null ? -1 : parent.snapshotId(),
            parent == null ? -1 : parent.sequenceNumber(),
            ByteBuffer.wrap(payload),
            PuffinCompressionCodec.ZSTD,
            Map.of("producers", Integer.toString(entries.size())));
    Ledger ledger =
        new Ledger(new CarriedLedger.Pointer(location, sha256(payload)), generation, entries);
    return new Prepared(ledger, blob);
  }

  /**
   * Writes the ledger file with {@code unlisted} and then {@code listed} after the ledger blob: the
   * listed go in the statistics file's metadata (engines read them; the ledger blob and the
   * unlisted never are, since some engines refuse a table whose metadata names a blob type they do
   * not know).
   */
  static Written write(FileIO io, Prepared prepared, List<Blob> unlisted, List<Blob> listed) {
    String location = prepared.ledger().pointer().location();
    PuffinWriter writer = Puffin.write(io.newOutputFile(location)).createdBy("Floe ingest").build();
    try (writer) {
      writer.add(prepared.blob());
      unlisted.forEach(writer::add);
      listed.forEach(writer::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write ledger file " + location, e);
    }
    List<BlobMetadata> written = writer.writtenBlobsMetadata();
    return new Written(
        prepared.ledger(),
        writer.fileSize(),
        writer.footerSize(),
        List.copyOf(written.subList(1 + unlisted.size(), written.size())));
  }

  /** Reads the ledger {@code pointer} names; fails when the file is missing or not as named. */
  static Ledger read(FileIO io, CarriedLedger.Pointer pointer) {
    byte[] payload;
    try (PuffinReader reader = Puffin.read(io.newInputFile(pointer.location())).build()) {
      List<BlobMetadata> blobs =
          reader.fileMetadata().blobs().stream().filter(b -> BLOB_TYPE.equals(b.type())).toList();
      if (blobs.size() != 1) {
        throw new ValidationException(
            "Invalid ledger file %s: holds %s %s blobs, expected 1",
            pointer.location(), blobs.size(), BLOB_TYPE);
      }
      Pair<BlobMetadata, ByteBuffer> blob = reader.readAll(blobs).iterator().next();
      ByteBuffer data = blob.second();
      payload = new byte[data.remaining()];
      data.get(payload);
    } catch (IOException | org.apache.iceberg.exceptions.NotFoundException e) {
      throw new ValidationException(
          e,
          "Cannot read the exactly-once ledger %s: %s (without it re-sent batches could be"
              + " appended twice, so nothing is appended)",
          pointer.location(),
          e.getMessage());
    }
    if (!pointer.sha256().isEmpty() && !pointer.sha256().equals(sha256(payload))) {
      throw new ValidationException(
          "Invalid ledger file %s: its SHA-256 is not the %s the snapshot names",
          pointer.location(), pointer.sha256());
    }
    return decode(pointer, payload);
  }

  /** The generation in a ledger file's name; -1 when it is not one. */
  static long generationOf(CarriedLedger.Pointer pointer) {
    String location = pointer.location();
    int start = location.lastIndexOf('/') + 1 + PREFIX.length();
    int end = location.indexOf('-', start);
    if (!location.startsWith(PREFIX, start - PREFIX.length()) || end < 0) {
      return -1;
    }
    try {
      return Long.parseLong(location.substring(start, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String metadataLocation(Table table, String name) {
    if (table instanceof HasTableOperations withOps) {
      return withOps.operations().metadataFileLocation(name);
    }
    return table.location() + "/metadata/" + name;
  }

  private static byte[] encode(long generation, Map<String, Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeLong(generation);
      out.writeInt(entries.size());
      for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
        byte[] producer = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(producer.length);
        out.write(producer);
        Entry entry = e.getValue();
        out.writeLong(entry.lastCommitMillis());
        out.writeLong(entry.generation());
        entry.added().writeTo(out);
        entry.committed().writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return bytes.toByteArray();
  }

  private static Ledger decode(CarriedLedger.Pointer pointer, byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new ValidationException(
            "Cannot read ledger file %s: format %s is newer than this Floe (reads %s)",
            pointer.location(), format, FORMAT);
      }
      long generation = in.readLong();
      int count = in.readInt();
      Map<String, Entry> entries = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        byte[] producer = new byte[in.readInt()];
        in.readFully(producer);
        long last = in.readLong();
        long lastGeneration = in.readLong();
        SequenceSet added = SequenceSet.readFrom(in);
        SequenceSet committed = SequenceSet.readFrom(in);
        entries.put(
            new String(producer, StandardCharsets.UTF_8),
            new Entry(committed, last, lastGeneration, added));
      }
      return new Ledger(pointer, generation, entries);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ValidationException v) {
        throw v;
      }
      throw new ValidationException(
          e, "Invalid ledger file %s: %s", pointer.location(), e.getMessage());
    }
  }

  private static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
