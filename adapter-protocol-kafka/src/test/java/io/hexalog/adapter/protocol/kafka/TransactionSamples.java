package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.List;
import java.util.Optional;

/** Transactional requests for handler tests, and a transactional producer made ready through the use cases. */
final class TransactionSamples {

    static final int TIMEOUT_MS = 60_000;

    private TransactionSamples() {
    }

    /** A producer initialised for {@code transactionalId}, as InitProducerId would make it. */
    static ProducerIdAndEpoch initialised(EmbeddedBroker broker, String transactionalId) {
        return broker.core().initTransactionalProducer()
                .initProducerId(TransactionalId.of(transactionalId), TIMEOUT_MS, Optional.empty()).join();
    }

    /** A producer whose transaction holds the offsets of {@code group}. */
    static ProducerIdAndEpoch withOffsetsOf(EmbeddedBroker broker, String transactionalId, String group) {
        ProducerIdAndEpoch producer = initialised(broker, transactionalId);
        broker.core().transactions().addOffsets(TransactionalId.of(transactionalId), producer, GroupId.of(group)).join();
        return producer;
    }

    static AddPartitionsToTxnRequestData addPartitions(String transactionalId, ProducerIdAndEpoch producer,
                                                       String topic, Integer... partitions) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(topic).setPartitions(List.of(partitions)));
        return new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(transactionalId)
                .setV3AndBelowProducerId(producer.producerId()).setV3AndBelowProducerEpoch(producer.epoch())
                .setV3AndBelowTopics(topics);
    }

    /** AddPartitionsToTxn as a broker sends it (v4+), for one transaction: verifying, or adding for version 2. */
    static AddPartitionsToTxnRequestData addPartitionsForBroker(String transactionalId, ProducerIdAndEpoch producer,
                                                                boolean verifyOnly, String topic,
                                                                Integer... partitions) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(topic).setPartitions(List.of(partitions)));
        AddPartitionsToTxnTransactionCollection transactions = new AddPartitionsToTxnTransactionCollection();
        transactions.add(new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch()).setVerifyOnly(verifyOnly)
                .setTopics(topics));
        return new AddPartitionsToTxnRequestData().setTransactions(transactions);
    }

    /** A Produce request of one transactional batch of {@code producer}, naming its transactional ID. */
    static ProduceRequestData transactionalProduce(String transactionalId, ProducerIdAndEpoch producer,
                                                   int baseSequence, String topic, int partition, String value) {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, producer.producerId(),
                producer.epoch(), baseSequence, KafkaWire.record(value));
        return KafkaWire.produce((short) -1, topic, partition, records).setTransactionalId(transactionalId);
    }

    static AddOffsetsToTxnRequestData addOffsets(String transactionalId, ProducerIdAndEpoch producer, String group) {
        return new AddOffsetsToTxnRequestData().setTransactionalId(transactionalId).setProducerId(producer.producerId())
                .setProducerEpoch(producer.epoch()).setGroupId(group);
    }

    static EndTxnRequestData endTxn(String transactionalId, ProducerIdAndEpoch producer, boolean commit) {
        return new EndTxnRequestData().setTransactionalId(transactionalId).setProducerId(producer.producerId())
                .setProducerEpoch(producer.epoch()).setCommitted(commit);
    }

    static TxnOffsetCommitRequestData txnOffsetCommit(String transactionalId, ProducerIdAndEpoch producer, String group,
                                                      String topic, int partition, long offset) {
        return new TxnOffsetCommitRequestData().setTransactionalId(transactionalId).setGroupId(group)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                        new TxnOffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(offset)
                                .setCommittedMetadata("")))));
    }

    /** DescribeProducers for one partition. */
    static DescribeProducersRequestData describeProducers(String topic, int partition) {
        DescribeProducersRequestData.TopicRequestCollection topics = new DescribeProducersRequestData.TopicRequestCollection();
        topics.add(new DescribeProducersRequestData.TopicRequest().setName(topic).setPartitionIndexes(List.of(partition)));
        return new DescribeProducersRequestData().setTopics(topics);
    }

    /** WriteTxnMarkers with one abort marker for the producer on one partition, as {@code Admin.abortTransaction} sends it. */
    static WriteTxnMarkersRequestData abortMarker(String topic, int partition, long producerId, short epoch) {
        return new WriteTxnMarkersRequestData().setMarkers(List.of(new WriteTxnMarkersRequestData.WritableTxnMarker()
                .setProducerId(producerId).setProducerEpoch(epoch).setTransactionResult(false).setCoordinatorEpoch(0)
                .setTopics(List.of(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName(topic)
                        .setPartitionIndexes(List.of(partition))))));
    }
}
