package io.hexalog.bootstrap;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Produce requests written by hand on one connection, for batches the Java producer sends only after a
 * transaction coordinator let it (transactional batches of a chosen producer ID and epoch).
 */
final class RawProducer implements AutoCloseable {

    private static final short PRODUCE_VERSION = 9;

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int correlationId;

    RawProducer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends the records with acks=all and returns the partition's error, once the broker answered. */
    Errors produce(String topic, int partition, String transactionalId, MemoryRecords records) throws IOException {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTransactionalId(transactionalId);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData()
                .setIndex(partition).setRecords(records));
        data.topicData().add(topicData);
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, PRODUCE_VERSION, "raw-producer", ++correlationId);
        ByteBuffer request = ProduceRequest.builder(data).build(PRODUCE_VERSION).serializeWithHeader(header);
        out.writeInt(request.remaining());
        out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        ProduceResponse parsed = (ProduceResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        return Errors.forCode(parsed.data().responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
