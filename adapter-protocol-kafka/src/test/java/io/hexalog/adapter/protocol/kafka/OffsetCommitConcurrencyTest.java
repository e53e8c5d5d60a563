package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.fake.GatedCommittedOffsetStore;
import io.hexalog.application.fake.GatedCommittedOffsetStore.Gate;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.group.GroupId;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_GENERATION;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.commit;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OffsetCommit served by the broker's handlers while the offset store is slow: the handler returns at once,
 * and a commit held up in storage holds up no other group's commit.
 */
class OffsetCommitConcurrencyTest {

    private static final String TOPIC = "events";
    private static final long MAX_WAIT_MS = GatedCommittedOffsetStore.MAX_WAIT.toMillis();

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final GatedCommittedOffsetStore store = new GatedCommittedOffsetStore();
    private final EmbeddedBroker broker = new EmbeddedBroker(BrokerConfig.defaults(), store, pool);

    OffsetCommitConcurrencyTest() {
        broker.createTopic(TOPIC, 1);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void shouldAnswerACommitOfOneGroupWhileAnotherGroupsCommitWaitsOnStorage() throws Exception {
        // given
        Gate gate = store.closeGateOf(GroupId.of("slow"));
        CompletableFuture<OffsetCommitResponseData> slow = commitFrom("slow", 5);
        assertThat(gate.awaitArrival()).isTrue();

        // when
        OffsetCommitResponseData fast = commitFrom("fast", 7).get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);

        // then
        assertThat(fast.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(store.offsets(GroupId.of("fast"))).isNotEmpty();
        assertThat(slow).isNotDone();
        gate.open();
        assertThat(slow.get(MAX_WAIT_MS, TimeUnit.MILLISECONDS).topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.NONE.code());
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<OffsetCommitResponseData> commitFrom(String group, long offset) {
        ApiHandler<OffsetCommitRequestData, OffsetCommitResponseData> handler =
                (ApiHandler<OffsetCommitRequestData, OffsetCommitResponseData>) broker.handlers()
                        .find(ApiKeys.OFFSET_COMMIT).orElseThrow();
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.OFFSET_COMMIT, (short) 9, "test", 1),
                new InetSocketAddress("127.0.0.1", 1), new AfterResponse(), Runnable::run);
        return handler.handle(context, commit(group, NO_MEMBER_ID, NO_GENERATION, offsets(TOPIC, offset)));
    }
}
