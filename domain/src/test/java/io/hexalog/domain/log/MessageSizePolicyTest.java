package io.hexalog.domain.log;

import io.hexalog.domain.error.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class MessageSizePolicyTest {

    @Test
    void shouldAcceptBatchExactlyAtTheLimit() {
        RecordBatch batch = aBatch().recordsOfSize(1, 500).build();

        assertThatCode(() -> new MessageSizePolicy(batch.sizeInBytes()).check(batch)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectBatchOneByteOverTheLimit() {
        RecordBatch batch = aBatch().recordsOfSize(1, 500).build();

        assertThatThrownBy(() -> new MessageSizePolicy(batch.sizeInBytes() - 1).check(batch))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void shouldDefaultToKafkasMessageMaxBytes() {
        // message.max.bytes defaults to 1048588: one MiB plus the log overhead
        assertThat(MessageSizePolicy.KAFKA_DEFAULT).isEqualTo(1_048_588);
    }

    @Test
    void shouldRefuseNegativeLimit() {
        assertThatThrownBy(() -> new MessageSizePolicy(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
