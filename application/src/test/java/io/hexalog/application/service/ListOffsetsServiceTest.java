package io.hexalog.application.service;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import static io.hexalog.application.service.SampleBatches.records;
import static io.hexalog.application.service.SampleBatches.withTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

class ListOffsetsServiceTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    @Test
    void shouldListTheLogStartAsEarliest() {
        broker.appendNow(partition, records(3).build());

        assertThat(list(new OffsetSpec.Earliest())).isEqualTo(Optional.of(new ListedOffset(0, OptionalLong.empty(), 0)));
    }

    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void shouldListTheHighWatermarkAsLatest(IsolationLevel isolation) {
        // given three stored records and two still being stored
        broker.appendNow(partition, records(3).build());
        broker.store.holdAppends();
        broker.append(partition, records(2).build());

        // then the latest offset is the end of what is stored
        Optional<ListedOffset> latest = broker.listOffsets.listOffset(partition, new OffsetSpec.Latest(), isolation).join();
        assertThat(latest).isEqualTo(Optional.of(new ListedOffset(3, OptionalLong.empty(), 0)));
        broker.store.releaseHeldAppends();
        assertThat(list(new OffsetSpec.Latest()).orElseThrow().offset()).isEqualTo(5);
    }

    @Test
    void shouldListLatestOfAnEmptyLogAsZero() {
        assertThat(list(new OffsetSpec.Latest()).orElseThrow().offset()).isZero();
        assertThat(list(new OffsetSpec.Earliest()).orElseThrow().offset()).isZero();
    }

    @Test
    void shouldFindTheFirstRecordAtOrAfterATimestamp() {
        // given batches at offsets 0-2 (times 100, 300, 200) and 3-4 (times 400, 500)
        broker.appendNow(partition, withTimestamps(100, 300, 200).build());
        broker.appendNow(partition, withTimestamps(400, 500).build());

        // then
        assertThat(list(new OffsetSpec.ForTimestamp(50))).isEqualTo(Optional.of(new ListedOffset(0, OptionalLong.of(100), 0)));
        assertThat(list(new OffsetSpec.ForTimestamp(150))).isEqualTo(Optional.of(new ListedOffset(1, OptionalLong.of(300), 0)));
        assertThat(list(new OffsetSpec.ForTimestamp(300))).isEqualTo(Optional.of(new ListedOffset(1, OptionalLong.of(300), 0)));
        assertThat(list(new OffsetSpec.ForTimestamp(301))).isEqualTo(Optional.of(new ListedOffset(3, OptionalLong.of(400), 0)));
        assertThat(list(new OffsetSpec.ForTimestamp(450))).isEqualTo(Optional.of(new ListedOffset(4, OptionalLong.of(500), 0)));
    }

    @Test
    void shouldFindNothingAfterTheLastTimestamp() {
        broker.appendNow(partition, withTimestamps(100, 200).build());

        assertThat(list(new OffsetSpec.ForTimestamp(201))).isEmpty();
    }

    @Test
    void shouldNotFindRecordsStillBeingStoredByTimestamp() {
        broker.appendNow(partition, withTimestamps(100).build());
        broker.store.holdAppends();
        broker.append(partition, withTimestamps(900).build());

        assertThat(list(new OffsetSpec.ForTimestamp(500))).isEmpty();
        assertThat(list(new OffsetSpec.MaxTimestamp())).isEqualTo(Optional.of(new ListedOffset(0, OptionalLong.of(100), 0)));
        broker.store.releaseHeldAppends();
    }

    @Test
    void shouldFindTheRecordWithTheGreatestTimestamp() {
        broker.appendNow(partition, withTimestamps(100, 700, 200).build());
        broker.appendNow(partition, withTimestamps(400, 500).build());

        assertThat(list(new OffsetSpec.MaxTimestamp())).isEqualTo(Optional.of(new ListedOffset(1, OptionalLong.of(700), 0)));
    }

    @Test
    void shouldFindTheFirstOfEqualGreatestTimestamps() {
        broker.appendNow(partition, withTimestamps(100, 700).build());
        broker.appendNow(partition, withTimestamps(700).build());

        assertThat(list(new OffsetSpec.MaxTimestamp())).isEqualTo(Optional.of(new ListedOffset(1, OptionalLong.of(700), 0)));
    }

    @Test
    void shouldFindNoMaxTimestampInAnEmptyLog() {
        assertThat(list(new OffsetSpec.MaxTimestamp())).isEmpty();
        assertThat(list(new OffsetSpec.ForTimestamp(0))).isEmpty();
    }

    @Test
    void shouldFindNoTieredOffset() {
        broker.appendNow(partition, records(2).build());

        assertThat(list(new OffsetSpec.Tiered())).isEmpty();
    }

    @Test
    void shouldFailForAnUnknownPartition() {
        TopicIdPartition unknown = Topic.create(TopicName.of("ghost"), 1).partition(0);

        assertThat(broker.listOffsets.listOffset(unknown, new OffsetSpec.Latest(), IsolationLevel.READ_UNCOMMITTED))
                .failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    private Optional<ListedOffset> list(OffsetSpec spec) {
        return broker.listOffsets.listOffset(partition, spec, IsolationLevel.READ_UNCOMMITTED).join();
    }
}
