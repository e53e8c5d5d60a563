package io.hexalog.bootstrap;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
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
 * transaction coordinator let it (transactional batches of a chosen producer ID and epoch), and any other request
 * at a version of the test's choosing.
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
        ProduceResponse parsed = (ProduceResponse) call(ProduceRequest.builder(data).build(PRODUCE_VERSION));
        return Errors.forCode(parsed.data().responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    /** Sends any request, at the version it was built for, and returns the broker's answer. */
    AbstractResponse call(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-producer", ++correlationId);
        ByteBuffer bytes = request.serializeWithHeader(header);
        out.writeInt(bytes.remaining());
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
