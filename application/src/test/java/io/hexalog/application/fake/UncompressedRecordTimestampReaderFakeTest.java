package io.hexalog.application.fake;

import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.port.out.RecordTimestampReaderContract;
import io.hexalog.domain.log.CompressionType;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UncompressedRecordTimestampReaderFakeTest extends RecordTimestampReaderContract {

    /** Where the attributes sit in a v2 batch header; the codec is in their low three bits. */
    private static final int ATTRIBUTES_OFFSET = 21;

    @Override
    protected RecordTimestampReader createReader() {
        return new UncompressedRecordTimestampReaderFake();
    }

    @Test
    void shouldRefuseACompressedBatchRatherThanMisreadIt() {
        ByteBuffer bytes = ByteBuffer.wrap(aBatch().withTimestamps(1_000, 2_000).buildBytes());
        bytes.putShort(ATTRIBUTES_OFFSET, (short) CompressionType.GZIP.id());
        RecordBatch labelledGzip = RecordBatch.wrap(bytes);

        assertThatThrownBy(() -> reader().recordWithMaxTimestamp(labelledGzip))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> reader().firstRecordAtOrAfter(labelledGzip, 0))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
