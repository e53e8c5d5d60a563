package io.hexalog.benchmarks.load;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a workload's records round-robin over its partitions and measures each send's latency until
 * acknowledged. At a fixed rate a send's latency counts from when it was due, not from when the producer
 * got round to it, so a stalled broker shows in the percentiles (no coordinated omission).
 */
final class ProducePhase {

    private final String bootstrapServers;
    private final Map<String, String> extraConfig;

    ProducePhase(String bootstrapServers, Map<String, String> extraConfig) {
        this.bootstrapServers = bootstrapServers;
        this.extraConfig = extraConfig;
    }

    /**
     * @param batchBytesAvg the producer's own average batch size in bytes ({@code batch-size-avg}): how the
     *                      broker's pace shaped the batches a consumer later reads
     */
    record Result(long records, long bytes, long elapsedNanos, LatencyHistogram latency, long errors,
                  double batchBytesAvg) {
    }

    /** @param errors counts sends that failed, so that a consumer can stop waiting for them */
    Result run(String topic, Workload workload, AtomicLong errors, long deadlineNanos) throws InterruptedException {
        LatencyHistogram latency = new LatencyHistogram();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        CountDownLatch acknowledged = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, workload.records()));
        long intervalNanos = workload.rate() == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / workload.rate();
        long start;
        long end;
        double batchBytesAvg;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(workload))) {
            producer.partitionsFor(topic); // metadata before the clock starts
            start = System.nanoTime();
            for (long i = 0; i < workload.records(); i++) {
                long due = intervalNanos == 0 ? System.nanoTime() : start + i * intervalNanos;
                if (intervalNanos != 0) {
                    waitUntil(due);
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("Produce did not finish within the time limit");
                }
                byte[] value = new byte[workload.recordSize()];
                ByteBuffer.wrap(value).putLong(due);
                int partition = (int) (i % workload.partitions());
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, failure) -> {
                    if (failure != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, failure);
                    } else {
                        latency.recordNanos(System.nanoTime() - due);
                    }
                    acknowledged.countDown();
                });
            }
            producer.flush();
            long waitNanos = Math.max(0, deadlineNanos - System.nanoTime());
            if (!acknowledged.await(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("Not every record was acknowledged within the time limit");
            }
            end = System.nanoTime();
            batchBytesAvg = averageBatchBytes(producer);
        }
        if (firstError.get() != null) {
            System.err.println("produce errors: " + errors.get() + ", first: " + firstError.get());
        }
        long stored = workload.records() - errors.get();
        return new Result(stored, stored * workload.recordSize(), end - start, latency, errors.get(), batchBytesAvg);
    }

    private static double averageBatchBytes(KafkaProducer<byte[], byte[]> producer) {
        return producer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("batch-size-avg")
                        && metric.getKey().group().equals("producer-metrics"))
                .map(metric -> metric.getValue().metricValue())
                .filter(Double.class::isInstance)
                .mapToDouble(Double.class::cast)
                .findFirst().orElse(Double.NaN);
    }

    private Properties config(Workload workload) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, workload.acks());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(workload.idempotence()));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, workload.compression());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putAll(extraConfig);
        return config;
    }

    private static void waitUntil(long due) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(Math.min(due - now, 100_000));
        }
    }
}
