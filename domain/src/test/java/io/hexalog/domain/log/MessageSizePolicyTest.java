package io.hexalog.domain.log;

import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.policy.Decision;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSizePolicyTest {

    @Test
    void shouldAcceptBatchExactlyAtTheLimit() {
        RecordBatch batch = aBatch().recordsOfSize(1, 500).build();

        assertAccepted(new MessageSizePolicy(batch.sizeInBytes()).check(batch));
    }

    @Test
    void shouldRejectBatchOneByteOverTheLimitWithRecordTooLarge() {
        RecordBatch batch = aBatch().recordsOfSize(1, 500).build();
        int limit = batch.sizeInBytes() - 1;

        Decision decision = new MessageSizePolicy(limit).check(batch);

        assertRejected(decision, RecordTooLargeException.class).hasMessage("Record batch of " + batch.sizeInBytes()
                + " bytes exceeds the maximum of " + limit + " bytes");
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
