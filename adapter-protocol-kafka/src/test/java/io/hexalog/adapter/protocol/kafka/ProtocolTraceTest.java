package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_GENERATION;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --trace-protocol}: one readable line per request and its response, and nothing at all when off. */
class ProtocolTraceTest {

    private static final short PRODUCE_V9 = 9;
    private static final short METADATA_V12 = 12;
    private static final short COMMIT_V9 = 9;
    private static final short OFFSET_FETCH_V7 = 7;
    private static final short LIST_OFFSETS_V9 = 9;
    private static final short LIST_GROUPS_V4 = 4;
    private static final String TIME = " \\(\\d+\\.\\d{2} ms\\)";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final TraceLog trace = new TraceLog();
    private final EmbeddedBroker.Connection connection = broker.connect(broker.protocolTrace(true));

    @AfterEach
    void closeTrace() {
        trace.close();
    }

    @Test
    void shouldTraceProduceWithBatchSizesAndBaseOffsetsButNotRecords() {
        // given
        broker.createTopic("orders", 1);
        connection.call(PRODUCE_V9, KafkaWire.produce((short) -1, "orders", 0, KafkaWire.records("first")));
        MemoryRecords batch = KafkaWire.records("secret-value", "other-value");
        trace.clear();

        // when
        connection.call(PRODUCE_V9, KafkaWire.produce((short) -1, "orders", 0, batch));

        // then
        assertThat(trace.onlyLine())
                .startsWith("Produce v9 corr=2 client=wire-test -> acks=-1 timeout=30000ms orders[0] bytes="
                        + batch.sizeInBytes() + " | <- orders[0] NONE base=1 log_start=0 (")
                .matches(".*" + TIME)
                .doesNotContain("secret-value");
        assertThat(trace.allAtInfo()).isTrue();
    }

    @Test
    void shouldTraceFetchWithOffsetsWatermarksAndBytesNamingTopicsFetchedById() {
        // given
        broker.createTopic("orders", 1);
        MemoryRecords batch = KafkaWire.records("secret-value", "other-value");
        connection.call(PRODUCE_V9, KafkaWire.produce((short) 1, "orders", 0, batch));
        short newest = broker.newestVersion(ApiKeys.FETCH);
        trace.clear();

        // when
        connection.call(newest, KafkaWire.fetch(null, broker.topicId("orders"), 0, 1));

        // then
        assertThat(trace.onlyLine())
                .startsWith("Fetch v" + newest + " corr=2 client=wire-test -> max_wait=0ms min_bytes=1 "
                        + "max_bytes=1048576 orders[0]@1 | <- orders[0] NONE hw=2 lso=2 log_start=0 bytes="
                        + batch.sizeInBytes() + " (")
                .doesNotContain("secret-value");
    }

    @Test
    void shouldTraceAnErrorByItsKafkaName() {
        // given
        broker.createTopic("orders", 1);

        // when
        connection.call((short) 12, KafkaWire.fetch("orders", 0, 99));

        // then
        assertThat(trace.onlyLine()).contains("-> max_wait=0ms min_bytes=1 max_bytes=1048576 orders[0]@99 "
                + "| <- orders[0] OFFSET_OUT_OF_RANGE (");
    }

    @Test
    void shouldLeaveOutTheBaseOffsetOfAPartitionThatRefusedTheBatch() {
        // when
        connection.call(PRODUCE_V9, KafkaWire.produce((short) 1, "missing", 0, KafkaWire.records("lost")));

        // then
        assertThat(trace.onlyLine()).contains("| <- missing[0] UNKNOWN_TOPIC_OR_PARTITION (").doesNotContain("base=");
    }

    @Test
    void shouldTraceMetadataWithTheBrokersClientsAreSentTo() {
        // given
        broker.createTopic("orders", 2);

        // when
        connection.call(METADATA_V12, new MetadataRequestData().setAllowAutoTopicCreation(false)
                .setTopics(List.of(new MetadataRequestTopic().setName("orders"),
                        new MetadataRequestTopic().setName("unknown"))));

        // then
        assertThat(trace.onlyLine()).startsWith("Metadata v12 corr=1 client=wire-test -> topics=orders,unknown "
                + "auto_create=false | <- brokers=1@broker.test:9092 controller=1 orders NONE partitions=2 "
                + "unknown UNKNOWN_TOPIC_OR_PARTITION partitions=0 (");
    }

    @Test
    void shouldTraceOffsetCommitWithGroupMemberGenerationAndOffsets() {
        // given
        broker.createTopic("orders", 2);

        // when
        connection.call(COMMIT_V9, GroupRequests.commit("billing", NO_MEMBER_ID, NO_GENERATION, offsets("orders", 42, 7)));

        // then
        assertThat(trace.onlyLine()).startsWith("OffsetCommit v9 corr=1 client=wire-test -> group=billing gen=-1 "
                + "member=\"\" orders[0]=42 orders[1]=7 | <- orders[0] NONE orders[1] NONE (");
    }

    @Test
    void shouldTraceCommittedOffsetsAsOffsetFetchAnswersThem() {
        // given
        broker.createTopic("orders", 2);
        broker.commitOffsets("billing", offsets("orders", 42));

        // when
        connection.call(OFFSET_FETCH_V7, GroupRequests.fetchOffsets("billing", "orders", 0, 1));

        // then
        assertThat(trace.onlyLine()).startsWith("OffsetFetch v7 corr=1 client=wire-test -> group=billing "
                + "orders[0,1] | <- orders[0]=42 NONE orders[1]=-1 NONE (");
    }

    @Test
    void shouldTraceListedOffsets() {
        // given
        broker.createTopic("orders", 1);
        connection.call(PRODUCE_V9, KafkaWire.produce((short) 1, "orders", 0, KafkaWire.records("a", "b", "c")));
        trace.clear();
        ListOffsetsTopic topic = new ListOffsetsTopic().setName("orders");
        topic.partitions().add(new ListOffsetsPartition().setPartitionIndex(0)
                .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP));

        // when
        connection.call(LIST_OFFSETS_V9, new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(topic)));

        // then
        assertThat(trace.onlyLine()).startsWith("ListOffsets v9 corr=2 client=wire-test -> orders[0]@latest "
                + "| <- orders[0] NONE offset=3 (");
    }

    @Test
    void shouldTraceEachJoinGroupWhenItIsAnsweredWithMemberAndGeneration() {
        // given a new member has been given its ID
        short version = broker.newestVersion(ApiKeys.JOIN_GROUP);
        JoinGroupResponseData required = connection.<JoinGroupResponse>call(version,
                GroupRequests.join("readers", NO_MEMBER_ID, "orders")).data();
        String member = required.memberId();

        // when it joins with its ID and the first rebalance ends
        connection.send(version, GroupRequests.join("readers", member, "orders"));
        broker.passInitialRebalanceDelay();
        connection.receive();

        // then
        assertThat(trace.lines()).satisfiesExactly(
                first -> assertThat(first).startsWith("JoinGroup v" + version + " corr=1 client=wire-test -> "
                        + "group=readers member=\"\" session=10000ms rebalance=30000ms protocol_type=consumer "
                        + "protocols=range | <- MEMBER_ID_REQUIRED gen=-1 member=" + member + " "),
                second -> assertThat(second).startsWith("JoinGroup v" + version + " corr=2 client=wire-test -> "
                        + "group=readers member=" + member + " session=10000ms rebalance=30000ms "
                        + "protocol_type=consumer protocols=range | <- NONE gen=1 member=" + member
                        + " leader=" + member + " protocol=range members=1 ("));
    }

    @Test
    void shouldSayThatAnAcksZeroProduceGetsNoResponse() {
        // given
        broker.createTopic("orders", 1);

        // when
        connection.sendOneWay(PRODUCE_V9, KafkaWire.produce((short) 0, "orders", 0, KafkaWire.records("fire")));

        // then
        assertThat(connection.hasNoResponse()).isTrue();
        assertThat(trace.onlyLine()).contains("-> acks=0 ").contains("| <- no response (acks=0) (");
    }

    @Test
    void shouldSayWhyTheConnectionWasClosedInsteadOfAnswered() {
        // when an acks=0 produce fails, which closes the connection
        connection.sendOneWay(PRODUCE_V9, KafkaWire.produce((short) 0, "missing", 0, KafkaWire.records("lost")));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(trace.onlyLine()).contains("-> acks=0 ")
                .contains("| <- connection closed: acks=0 produce to missing-0 failed with UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void shouldTraceATooNewApiVersionsRequestWithTheVersionItAsked() {
        // when
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.API_VERSIONS.id, 127, 5, new byte[0]));
        connection.receiveFrame().release();

        // then
        assertThat(trace.onlyLine()).startsWith("ApiVersions v127 corr=5 client=null -> | <- UNSUPPORTED_VERSION apis=");
    }

    @Test
    void shouldTraceOtherApisWithTheirFieldsAndErrorCounts() {
        // when
        connection.call(LIST_GROUPS_V4, new ListGroupsRequestData());

        // then
        assertThat(trace.onlyLine())
                .startsWith("ListGroups v4 corr=1 client=wire-test -> ListGroupsRequestData(")
                .matches(".* \\| <- NONE\\(1\\)" + TIME);
    }

    @Test
    void shouldKeepALineBoundedWhenARequestNamesManyPartitions() {
        // given
        broker.createTopic("wide", 500);
        FetchRequestData fetch = KafkaWire.fetch("wide", 0, 0);
        for (int partition = 1; partition < 500; partition++) {
            fetch.topics().get(0).partitions().add(new FetchRequestData.FetchPartition()
                    .setPartition(partition).setFetchOffset(0).setPartitionMaxBytes(1024));
        }

        // when
        connection.call((short) 12, fetch);

        // then
        String line = trace.onlyLine();
        assertThat(line).contains("wide[0]@0 wide[1]@0").contains(" ... | <- ").matches(".* \\.\\.\\." + TIME);
        assertThat(line.length()).isLessThan(2 * (LoggingProtocolTrace.MAX_SIDE_LENGTH + TraceText.TRUNCATED.length()) + 100);
    }

    @Test
    void shouldMeasureTheTimeFromRequestToResponse() {
        // given a clock that moves 3 ms each time it is read
        AtomicLong nanos = new AtomicLong();
        ProtocolTrace timed = new LoggingProtocolTrace(id -> Optional.empty(),
                () -> nanos.getAndAdd(Duration.ofMillis(3).toNanos()));
        EmbeddedBroker.Connection timedConnection = broker.connect(timed);

        // when
        timedConnection.call((short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0"));

        // then
        assertThat(trace.onlyLine()).startsWith("ApiVersions v3 corr=1 client=wire-test -> software=wire-test/1.0 "
                + "| <- NONE apis=").endsWith(" (3.00 ms)");
    }

    @Test
    void shouldLogNothingWhenTheTraceIsOff() {
        // given
        ProtocolTrace off = broker.protocolTrace(false);
        EmbeddedBroker.Connection untraced = broker.connect(off);
        broker.createTopic("orders", 1);

        // when
        untraced.call(PRODUCE_V9, KafkaWire.produce((short) 1, "orders", 0, KafkaWire.records("a")));
        untraced.call((short) 12, KafkaWire.fetch("orders", 0, 0));
        untraced.call((short) 12, KafkaWire.fetch("orders", 0, 99));
        untraced.call(METADATA_V12, new MetadataRequestData().setTopics(null));

        // then
        assertThat(off).isSameAs(ProtocolTrace.off());
        assertThat(trace.lines()).isEmpty();
    }
}
