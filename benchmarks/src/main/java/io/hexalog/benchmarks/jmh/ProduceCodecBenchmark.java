package io.hexalog.benchmarks.jmh;

import io.hexalog.domain.log.RecordBatch;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The protocol work of a Produce request around storage, done the way the Kafka adapter does it with
 * Kafka's generated classes: parse header and body from a frame (records stay slices of the frame),
 * split each partition's records into batches; and size and write the response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProduceCodecBenchmark {

    @Param({"1", "6"})
    public int partitions;

    private ByteBuffer frame;
    private ProduceResponseData response;
    private ByteBuffer responseBuffer;

    @Setup
    public void setUp() {
        ProduceRequestData request = Requests.produce("benchmark-topic", partitions, (short) 1, "none");
        frame = Requests.produceFrame(request, 7);
        response = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse()
                .setName("benchmark-topic");
        for (int partition = 0; partition < partitions; partition++) {
            topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                    .setIndex(partition).setBaseOffset(123_456L + partition).setLogAppendTimeMs(-1)
                    .setLogStartOffset(0));
        }
        response.responses().add(topic);
        responseBuffer = ByteBuffer.allocate(64 * 1024);
    }

    @Benchmark
    public void decodeRequest(Blackhole blackhole) {
        ByteBuffer input = frame.duplicate();
        RequestHeader header = RequestHeader.parse(input);
        ProduceRequestData data = (ProduceRequestData) AbstractRequest
                .parseRequest(ApiKeys.PRODUCE, header.apiVersion(), new ByteBufferAccessor(input)).request.data();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                blackhole.consume(RecordBatch.splitAll(((MemoryRecords) partition.records()).buffer()));
            }
        }
    }

    @Benchmark
    public int encodeResponse() {
        short version = Requests.PRODUCE_VERSION;
        short headerVersion = ApiKeys.PRODUCE.responseHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(7);
        int size = header.size(cache, headerVersion) + response.size(cache, version);
        responseBuffer.clear();
        responseBuffer.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(responseBuffer);
        header.write(out, cache, headerVersion);
        response.write(out, cache, version);
        return responseBuffer.position();
    }
}
