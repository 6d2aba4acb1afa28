package dev.floe.columnar.parquet;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page decompression shared by the files one thread reads in turn (a compaction group's inputs).
 * parquet-java's zstd codec builds a new native stream, with its window buffers, for every page
 * (measured: a fifth of the decoder's time on 1,000 small files); here one zstd context decodes
 * every page of every file, each page in one call. Other codecs go to parquet-java's own factory,
 * kept as long as this.
 *
 * <p>Not thread-safe: one per reading thread. Readers opened with it leave it open ({@link
 * #factory()}'s {@code release} does nothing); the owner closes it after its last reader.
 */
public final class PageCodecs implements AutoCloseable {
  private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
  private final Zstd zstdPages = new Zstd();
  private CodecFactory others;
  private boolean closed;

  private final CompressionCodecFactory factory =
      new CompressionCodecFactory() {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
          throw new UnsupportedOperationException("Page codecs only decompress");
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
          if (closed) {
            throw new IllegalStateException("Cannot decompress pages: the page codecs are closed");
          }
          if (codec == CompressionCodecName.ZSTD) {
            return zstdPages;
          }
          if (others == null) {
            others = new CodecFactory(new PlainParquetConfiguration(), 0);
          }
          return others.getDecompressor(codec);
        }

        @Override
        public void release() {
          // Each reader releases its factory on close; the codecs outlive the reader.
        }
      };

  /** What a file reader's options take; readers never release it. */
  public CompressionCodecFactory factory() {
    return factory;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      zstd.close();
    } finally {
      if (others != null) {
        others.release();
      }
    }
  }

  /** zstd pages, each a complete frame (or several), decoded in one call into a new array. */
  private final class Zstd implements CompressionCodecFactory.BytesInputDecompressor {
    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      byte[] out = new byte[uncompressedSize];
      int n;
      if (in.hasArray()) {
        n =
            zstd.decompressByteArray(
                out,
                0,
                uncompressedSize,
                in.array(),
                in.arrayOffset() + in.position(),
                in.remaining());
      } else if (in.isDirect()) {
        n =
            zstd.decompressDirectByteBufferToByteArray(
                out, 0, uncompressedSize, in, in.position(), in.remaining());
      } else {
        byte[] copy = new byte[in.remaining()];
        in.duplicate().get(copy);
        n = zstd.decompressByteArray(out, 0, uncompressedSize, copy, 0, copy.length);
      }
      check(n, uncompressedSize);
      return BytesInput.from(out);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      ByteBuffer in = input.duplicate();
      in.limit(in.position() + compressedSize);
      byte[] source = new byte[compressedSize];
      in.get(source);
      byte[] out = new byte[decompressedSize];
      check(
          zstd.decompressByteArray(out, 0, decompressedSize, source, 0, compressedSize),
          out.length);
      output.put(out);
    }

    @Override
    public void release() {
      // Owned by the enclosing codecs.
    }

    private void check(int decoded, int expected) throws IOException {
      if (decoded != expected) {
        throw new IOException(
            String.format(
                "Invalid zstd page: decoded %d bytes where its header says %d", decoded, expected));
      }
    }
  }
}
