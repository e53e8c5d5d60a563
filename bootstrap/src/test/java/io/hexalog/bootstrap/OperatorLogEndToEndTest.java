package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees of a running broker: its threads by name, and one line per rebalance. */
class OperatorLogEndToEndTest {

    private static RunningBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RunningBroker.start(StorageKind.MEMORY, config -> config.withHttp(ServerConfig.Http.loopback()));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldNameTheThreadsItServesConnectionsWith() throws Exception {
        broker.createTopic("named-threads", 1);

        Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(Collectors.toSet());

        assertThat(names).contains("hexalog-network-acceptor", "hexalog-scheduler")
                .anyMatch(name -> name.matches("hexalog-network-\\d+"))
                .anyMatch(name -> name.matches("hexalog-http-\\d+"))
                .noneMatch(name -> name.startsWith("multiThreadIoEventLoopGroup") || name.startsWith("JettyServerThreadPool"));
    }

    @Test
    void shouldLogAGroupsRebalanceAndItsNewGeneration() throws Exception {
        broker.createTopic("rebalanced", 1);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger groups = (Logger) LoggerFactory.getLogger("io.hexalog.application.service.GroupSlot");
        groups.addAppender(log);
        log.start();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "billing"))) {
            consumer.subscribe(List.of("rebalanced"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(100));
                assertThat(log.list).map(ILoggingEvent::getFormattedMessage)
                        .anySatisfy(line -> assertThat(line).startsWith("Group billing is rebalancing"))
                        .anySatisfy(line -> assertThat(line)
                                .startsWith("Group billing rebalanced into generation 1 with 1 members, protocol "));
            });
        } finally {
            groups.detachAppender(log);
        }
    }
}
