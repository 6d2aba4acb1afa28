package dev.floe.lockformat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The formulas over digests of {@code docs/digest.md}: the root over files ({@code floe-root/1})
 * and, for {@code floe-digest/2}, a file's digest over its units ({@code floe-file/2}).
 */
public final class Digests {
  static final String ROOT = "floe-root/1";
  static final String FILE_2 = "floe-file/2";

  private Digests() {}

  /** The root over {@code files} in lock order, as lower-case hex. */
  public static String root(List<Lock.FileEntry> files) {
    MessageDigest sha = sha256();
    sha.update(ROOT.getBytes(StandardCharsets.US_ASCII));
    sha.update(le(files.size()));
    for (Lock.FileEntry file : files) {
      sha.update(le(file.rows()));
      sha.update(HexFormat.of().parseHex(file.digest()));
    }
    return hex(sha.digest());
  }

  /** A {@code floe-digest/2} file digest over its units in file order, as lower-case hex. */
  public static String fileOfUnits(List<Lock.Unit> units) {
    MessageDigest sha = sha256();
    sha.update(FILE_2.getBytes(StandardCharsets.US_ASCII));
    sha.update(le(units.size()));
    for (Lock.Unit unit : units) {
      sha.update(le(unit.offset()));
      sha.update(le(unit.count()));
      sha.update(le(unit.rows()));
      sha.update(HexFormat.of().parseHex(unit.digest()));
    }
    return hex(sha.digest());
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] le(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256", e);
    }
  }
}
