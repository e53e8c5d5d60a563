package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Garbage on one connection closes that connection and nothing else. */
@OnEveryStorage
class BadInputEndToEndTest extends BrokerEndToEndTest {

    @Test
    void shouldCloseGarbageConnectionsWithoutDisturbingAConcurrentProducer() throws Exception {
        String topic = "steady";
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 200; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, "k", "round-" + round + "-" + i)));
                }
                // random bytes, an absurd length prefix, and an unknown API key, each on its own socket
                assertThat(closedAfterSending(randomBytes(round))).isTrue();
                assertThat(closedAfterSending(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3})).isTrue();
                assertThat(closedAfterSending(frame(new byte[] {0x03, (byte) 0xe7, 0, 0, 0, 0, 0, 1, 0, 0}))).isTrue();
            }
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).get().offset()).isEqualTo(i);
            }
        }
        assertThat(readAll(topic, 1_000)).hasSize(1_000);
    }

    private static boolean closedAfterSending(byte[] bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", BROKER.broker().port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static byte[] randomBytes(int seed) {
        byte[] bytes = new byte[512];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0; // a plausible size so the body, not the size, is the garbage
        bytes[1] = 0;
        bytes[2] = 1;
        bytes[3] = (byte) 0xfc;
        return bytes;
    }

    /** Every value of partition 0 from the beginning, waiting up to 20 s for {@code expected} of them. */
    private static List<String> readAll(String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    private static byte[] frame(byte[] body) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(body.length);
        data.write(body);
        return out.toByteArray();
    }
}
