package io.hexalog.adapter.http.admin;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.hexalog.domain.log.CompressionType;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.xerial.snappy.SnappyInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens the records section of a compressed batch with the codec its attributes name, in the framing Kafka's
 * producers write: gzip, Snappy in xerial's stream framing, LZ4 frames, zstd frames.
 */
final class Decompression {

    private Decompression() {
    }

    static InputStream open(CompressionType compression, InputStream compressed) throws IOException {
        return switch (compression) {
            case NONE -> compressed;
            case GZIP -> new GZIPInputStream(compressed);
            case SNAPPY -> new SnappyInputStream(compressed);
            case LZ4 -> new LZ4FrameInputStream(compressed);
            case ZSTD -> new ZstdInputStreamNoFinalizer(compressed);
        };
    }
}
