package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of transaction version 1 beside those of version 2: requests written by hand at the versions a client
 * from before KIP-890 part 2 sends (InitProducerId v4, AddPartitionsToTxn v3, Produce v9, EndTxn v3) over a socket.
 * Its epoch stays across transactions, and its batch for a partition it did not add is refused and not stored.
 */
@OnEveryStorage
@Timeout(60)
class TransactionVersionOneEndToEndTest extends BrokerEndToEndTest {

    private static final short INIT_PRODUCER_ID_V4 = 4;
    private static final short ADD_PARTITIONS_TO_TXN_V3 = 3;
    private static final short END_TXN_V3 = 3;

    @Test
    void shouldKeepTheEpochOfAVersionOneClientAndRefuseItsBatchesForPartitionsItDidNotAdd() throws Exception {
        // given a producer initialised with InitProducerId v4
        String id = "legacy-" + storage;
        String topic = "legacy-out-" + storage;
        BROKER.createTopic(topic, 2);
        try (RawProducer client = new RawProducer(BROKER.broker().port())) {
            InitProducerIdResponse init = (InitProducerIdResponse) client.call(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(id).setTransactionTimeoutMs(60_000)
                            .setProducerId(-1).setProducerEpoch((short) -1)).build(INIT_PRODUCER_ID_V4));
            long producerId = init.data().producerId();
            short epoch = init.data().producerEpoch();

            // when it adds partition 0 only, writes to both, and commits
            Errors added = addPartition(client, id, producerId, epoch, topic, 0);
            Errors toAdded = client.produce(topic, 0, id, batch(producerId, epoch, 0, "committed"));
            Errors toOther = client.produce(topic, 1, id, batch(producerId, epoch, 0, "never-added"));
            Errors committed = endTxn(client, id, producerId, epoch, true);
            TransactionDescription afterCommit = describe(id);
            addPartition(client, id, producerId, epoch, topic, 0);
            client.produce(topic, 0, id, batch(producerId, epoch, 1, "aborted"));
            Errors aborted = endTxn(client, id, producerId, epoch, false);

            // then
            assertThat(List.of(added, toAdded, committed, aborted)).containsOnly(Errors.NONE);
            assertThat(toOther).isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(afterCommit.producerEpoch()).isEqualTo(epoch);
            assertThat(afterCommit.state().toString()).isEqualTo("CompleteCommit");
            assertThat(describe(id).producerEpoch()).isEqualTo(epoch);
            assertThat(describe(id).state().toString()).isEqualTo("CompleteAbort");
        }
        assertThat(read(new TopicPartition(topic, 0), 1)).containsExactly("committed");
        assertThat(read(new TopicPartition(topic, 1), 0)).isEmpty();
    }

    private static Errors addPartition(RawProducer client, String id, long producerId, short epoch, String topic,
                                       int partition) throws IOException {
        AddPartitionsToTxnResponse response = (AddPartitionsToTxnResponse) client.call(
                AddPartitionsToTxnRequest.Builder.forClient(id, producerId, epoch,
                        List.of(new TopicPartition(topic, partition))).build(ADD_PARTITIONS_TO_TXN_V3));
        return Errors.forCode(response.data().resultsByTopicV3AndBelow().iterator().next().resultsByPartition()
                .iterator().next().partitionErrorCode());
    }

    private static Errors endTxn(RawProducer client, String id, long producerId, short epoch, boolean commit)
            throws IOException {
        EndTxnResponse response = (EndTxnResponse) client.call(new EndTxnRequest.Builder(new EndTxnRequestData()
                .setTransactionalId(id).setProducerId(producerId).setProducerEpoch(epoch).setCommitted(commit), false)
                .build(END_TXN_V3));
        return Errors.forCode(response.data().errorCode());
    }

    private static MemoryRecords batch(long producerId, short epoch, int sequence, String value) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence,
                new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static TransactionDescription describe(String id) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.describeTransactions(List.of(id)).description(id).get();
        }
    }

    private List<String> read(TopicPartition partition, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
