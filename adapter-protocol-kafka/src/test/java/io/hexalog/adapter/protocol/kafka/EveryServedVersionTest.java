package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static io.hexalog.adapter.protocol.kafka.ServedVersionSample.answeredWithoutError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every version of every API the broker serves answers a well-formed request as it should. Clients
 * negotiate very different versions (kafka-python asks ListOffsets v1, librdkafka 2.0 v2, KafkaJS v3), and
 * a response field set where its version cannot carry it fails only when the response is written, which
 * drops the connection. The APIs swept are those the broker registers, so an API served without a sample
 * request here fails the build instead of going unchecked. The protocol trace summarises each of them on one
 * line.
 */
class EveryServedVersionTest {

    private static final String TOPIC = "sweep";
    private static final String[] RECORDS = {"a", "b"};
    private static final String GROUP = "sweepers";
    private static final String CONSUMER_GROUP = "sweep-consumers";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private final AdminSamples admin = new AdminSamples(broker, TOPIC, RECORDS.length);

    @BeforeEach
    void topicWithRecords() {
        broker.createTopic(TOPIC, 1);
        connection.call((short) 9, KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records(RECORDS)));
    }

    static List<Object[]> servedVersions() {
        return servedVersions(new EmbeddedBroker().handlers());
    }

    /** Every version of every API registered in {@code handlers}. */
    static List<Object[]> servedVersions(ApiHandlers handlers) {
        List<Object[]> served = new ArrayList<>();
        for (ApiKeys apiKey : ApiKeys.values()) {
            handlers.find(apiKey).ifPresent(handler -> {
                for (short version = handler.minVersion(); version <= handler.maxVersion(); version++) {
                    served.add(new Object[] {apiKey, version});
                }
            });
        }
        return served;
    }

    /** A first ConsumerGroupHeartbeat of a member of a consumer-protocol group (KIP-848). */
    private static ConsumerGroupHeartbeatRequestData consumerGroupJoin(short version) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(CONSUMER_GROUP).setMemberId("sweep-member-" + version)
                .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(TOPIC))
                .setTopicPartitions(List.of());
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("servedVersions")
    void shouldAnswerEveryServedVersion(ApiKeys apiKey, short version) {
        // given
        ServedVersionSample sample = sample(apiKey, version);

        // when
        connection.send(version, sample.request());
        broker.passInitialRebalanceDelay(); // the first JoinGroup of a group is answered after it
        AbstractResponse response = connection.receive();

        // then
        assertThat(connection.isOpen()).as("connection after %s v%d", apiKey, version).isTrue();
        assertThat(response.apiKey()).isEqualTo(apiKey);
        sample.expectation().accept(response);
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("servedVersions")
    void shouldTraceEveryServedVersionOnOneLine(ApiKeys apiKey, short version) {
        // given
        ApiMessage request = sample(apiKey, version).request();
        EmbeddedBroker.Connection traced = broker.connect(broker.protocolTrace(true));

        try (TraceLog trace = new TraceLog()) {
            // when
            traced.send(version, request);
            broker.passInitialRebalanceDelay();
            traced.receive();

            // then
            assertThat(trace.onlyLine())
                    .startsWith(apiKey.name + " v" + version + " corr=1 client=" + KafkaWire.CLIENT_ID + " ->")
                    .contains(" | <- ")
                    .doesNotContain("not summarised");
        }
    }

    @Test
    void shouldFailTheSweepOfAServedApiThatHasNoSample() {
        // given
        ApiKeys unsampled = ApiKeys.clientApis().stream()
                .filter(apiKey -> apiKey.hasValidVersion() && broker.handlers().find(apiKey).isEmpty())
                .findFirst().orElseThrow();
        ApiHandlers servingOneMore = servingAlso(broker.handlers(), new UnsampledHandler(unsampled));

        // when
        List<Object[]> swept = servedVersions(servingOneMore);

        // then
        assertThat(swept).extracting(sweptCase -> sweptCase[0]).contains(unsampled);
        assertThatThrownBy(() -> shouldAnswerEveryServedVersion(unsampled, unsampled.oldestVersion()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("No sample request for " + unsampled);
    }

    /** A request for this API at this version, with state set up for it to succeed, and what to expect. */
    private ServedVersionSample sample(ApiKeys apiKey, short version) {
        Uuid topicId = broker.topicId(TOPIC);
        boolean byId = usesTopicIds(apiKey, version);
        return switch (apiKey) {
            case PRODUCE -> {
                ProduceRequestData request = KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records("c"));
                if (byId) {
                    request.topicData().forEach(topic -> topic.setName("").setTopicId(topicId));
                }
                yield answeredWithoutError(request);
            }
            case FETCH -> answeredWithoutError(
                    byId ? KafkaWire.fetch(null, topicId, 0, 0) : KafkaWire.fetch(TOPIC, 0, 0));
            case LIST_OFFSETS -> {
                ListOffsetsTopic topic = new ListOffsetsTopic().setName(TOPIC);
                topic.partitions().add(new ListOffsetsPartition()
                        .setPartitionIndex(0).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP));
                ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
                request.topics().add(topic);
                yield answeredWithoutError(request);
            }
            case METADATA -> answeredWithoutError(new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestTopic().setName(TOPIC))));
            case API_VERSIONS -> answeredWithoutError(new ApiVersionsRequestData()
                    .setClientSoftwareName("sweep").setClientSoftwareVersion("1.0"));
            case CREATE_TOPICS -> {
                CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
                request.topics().add(new CreatableTopic()
                        .setName("created-v" + version).setNumPartitions(1).setReplicationFactor((short) 1));
                yield answeredWithoutError(request);
            }
            case DELETE_TOPICS -> {
                broker.createTopic("deleted", 1);
                DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1_000);
                if (version >= 6) {
                    request.topics().add(new DeleteTopicState().setName("deleted"));
                } else {
                    request.setTopicNames(List.of("deleted"));
                }
                yield answeredWithoutError(request);
            }
            case INIT_PRODUCER_ID -> answeredWithoutError(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000));
            case DESCRIBE_CLUSTER -> answeredWithoutError(new DescribeClusterRequestData());
            case DESCRIBE_TOPIC_PARTITIONS -> answeredWithoutError(new DescribeTopicPartitionsRequestData()
                    .setTopics(List.of(new DescribeTopicPartitionsRequestData.TopicRequest().setName(TOPIC)))
                    .setResponsePartitionLimit(10));
            case FIND_COORDINATOR -> answeredWithoutError(version >= 4
                    ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of(GROUP))
                    : new FindCoordinatorRequestData().setKey(GROUP));
            case JOIN_GROUP -> answeredWithoutError(
                    GroupRequests.join(GROUP, memberIdToJoinWith(version), TOPIC));
            case SYNC_GROUP -> {
                GroupMemberClient leader = new GroupMemberClient(broker, GROUP, TOPIC);
                leader.joinAlone(broker.newestVersion(ApiKeys.JOIN_GROUP));
                yield answeredWithoutError(GroupRequests.sync(GROUP, leader.memberId(), leader.generation(),
                        Map.of(leader.memberId(), leader.ownAssignment())));
            }
            case HEARTBEAT -> {
                GroupMemberClient member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
                yield answeredWithoutError(
                        GroupRequests.heartbeat(GROUP, member.memberId(), member.generation()));
            }
            case LEAVE_GROUP -> {
                String memberId = GroupMemberClient.stableAlone(broker, GROUP, TOPIC).memberId();
                yield answeredWithoutError(version >= 3
                        ? GroupRequests.leave(GROUP, GroupRequests.leaving(memberId))
                        : GroupRequests.leave(GROUP, memberId));
            }
            case OFFSET_COMMIT -> {
                GroupMemberClient member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
                yield answeredWithoutError(GroupRequests.commit(GROUP, member.memberId(), member.generation(),
                        byId ? offsets(topicId, 1) : offsets(TOPIC, 1)));
            }
            case OFFSET_FETCH -> {
                broker.commitOffsets(GROUP, offsets(TOPIC, 1));
                yield answeredWithoutError(version >= 8
                        ? GroupRequests.fetchOffsets(GroupRequests.group(GROUP, byId
                                ? GroupRequests.partitions(topicId, 0) : GroupRequests.partitions(TOPIC, 0)))
                        : GroupRequests.fetchOffsets(GROUP, TOPIC, 0));
            }
            case DESCRIBE_GROUPS -> {
                GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
                yield answeredWithoutError(new DescribeGroupsRequestData().setGroups(List.of(GROUP)));
            }
            case LIST_GROUPS -> {
                GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
                yield answeredWithoutError(new ListGroupsRequestData());
            }
            case CONSUMER_GROUP_HEARTBEAT -> answeredWithoutError(consumerGroupJoin(version));
            case CONSUMER_GROUP_DESCRIBE -> {
                connection.call((short) 1, consumerGroupJoin((short) 1));
                yield answeredWithoutError(new ConsumerGroupDescribeRequestData().setGroupIds(List.of(CONSUMER_GROUP)));
            }
            case DELETE_GROUPS -> {
                broker.commitOffsets(GROUP, offsets(TOPIC, 1));
                yield answeredWithoutError(new DeleteGroupsRequestData().setGroupsNames(List.of(GROUP)));
            }
            case OFFSET_DELETE -> {
                broker.commitOffsets(GROUP, offsets(TOPIC, 1));
                OffsetDeleteRequestData request = new OffsetDeleteRequestData().setGroupId(GROUP);
                request.topics().add(new OffsetDeleteRequestTopic().setName(TOPIC)
                        .setPartitions(List.of(new OffsetDeleteRequestPartition().setPartitionIndex(0))));
                yield answeredWithoutError(request);
            }
            case CREATE_PARTITIONS -> admin.createPartitions();
            case DESCRIBE_CONFIGS -> admin.describeConfigs(version);
            case ALTER_CONFIGS -> admin.alterConfigs();
            case INCREMENTAL_ALTER_CONFIGS -> admin.incrementalAlterConfigs();
            case DELETE_RECORDS -> admin.deleteRecords();
            case OFFSET_FOR_LEADER_EPOCH -> admin.offsetForLeaderEpoch();
            case DESCRIBE_LOG_DIRS -> admin.describeLogDirs();
            case ELECT_LEADERS -> admin.electLeaders();
            case ADD_PARTITIONS_TO_TXN -> answeredWithoutError(version >= 4
                    ? TransactionSamples.addPartitionsForBroker("sweep-txn",
                            TransactionSamples.initialised(broker, "sweep-txn"), false, TOPIC, 0)
                    : TransactionSamples.addPartitions("sweep-txn",
                            TransactionSamples.initialised(broker, "sweep-txn"), TOPIC, 0));
            case ADD_OFFSETS_TO_TXN -> answeredWithoutError(TransactionSamples.addOffsets("sweep-txn",
                    TransactionSamples.initialised(broker, "sweep-txn"), GROUP));
            case END_TXN -> answeredWithoutError(TransactionSamples.endTxn("sweep-txn",
                    TransactionSamples.withOffsetsOf(broker, "sweep-txn", GROUP), true));
            case TXN_OFFSET_COMMIT -> answeredWithoutError(TransactionSamples.txnOffsetCommit("sweep-txn",
                    TransactionSamples.withOffsetsOf(broker, "sweep-txn", GROUP), GROUP, TOPIC, 0, 1));
            case DESCRIBE_TRANSACTIONS -> {
                TransactionSamples.initialised(broker, "sweep-txn");
                yield answeredWithoutError(new DescribeTransactionsRequestData().setTransactionalIds(List.of("sweep-txn")));
            }
            case LIST_TRANSACTIONS -> {
                TransactionSamples.initialised(broker, "sweep-txn");
                yield answeredWithoutError(new ListTransactionsRequestData());
            }
            case DESCRIBE_PRODUCERS -> answeredWithoutError(TransactionSamples.describeProducers(TOPIC, 0));
            case WRITE_TXN_MARKERS -> answeredWithoutError(TransactionSamples.abortMarker(TOPIC, 0, 4242L, (short) 0));
            default -> fail("No sample request for " + apiKey + ", which the broker serves: add one to"
                    + " EveryServedVersionTest so that its versions are checked too");
        };
    }

    /** From JoinGroup v4 a new member joins with the ID a first JoinGroup gave it (KIP-394). */
    private String memberIdToJoinWith(short version) {
        if (version < 4) {
            return NO_MEMBER_ID;
        }
        JoinGroupResponse required = connection.call(version, GroupRequests.join(GROUP, NO_MEMBER_ID, TOPIC));
        return required.data().memberId();
    }

    private static boolean usesTopicIds(ApiKeys apiKey, short version) {
        return switch (apiKey) {
            case PRODUCE, FETCH -> version >= 13;
            case OFFSET_COMMIT, OFFSET_FETCH -> version >= 10;
            default -> false;
        };
    }

    /** The handlers given, and one more. */
    private static ApiHandlers servingAlso(ApiHandlers handlers, ApiHandler<?, ?> extra) {
        List<ApiHandler<?, ?>> served = new ArrayList<>();
        Arrays.stream(ApiKeys.values()).map(handlers::find).flatMap(Optional::stream).forEach(served::add);
        served.add(extra);
        return new ApiHandlers(served);
    }

    /** Serves an API no sample is written for; never asked to answer. */
    private static final class UnsampledHandler extends AbstractApiHandler<ApiMessage, ApiMessage> {

        UnsampledHandler(ApiKeys apiKey) {
            super(apiKey, apiKey.oldestVersion(), apiKey.oldestVersion());
        }

        @Override
        public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(apiKey() + " is not served"));
        }
    }
}
