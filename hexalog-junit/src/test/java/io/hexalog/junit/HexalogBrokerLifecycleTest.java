package io.hexalog.junit;

import io.hexalog.junit.endtoend.Clients;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * When a {@link HexalogBroker} starts and stops, seen by running test classes that use it through JUnit's own
 * engine. The classes run are nested here; the build does not run them by themselves.
 */
class HexalogBrokerLifecycleTest {

    /** The address each test of the classes run saw, in the order they ran. */
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void shouldServeEveryTestOfAClassFromOneBrokerAndStopItAfterTheClass() {
        // when
        EngineExecutionResults results = run(OneBrokerPerClass.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
        assertThat(Clients.listening(SEEN.get(0))).isFalse();
    }

    @Test
    void shouldStartAFreshBrokerWithTheTopicsForEachTestAndStopItAfterTheTest() {
        // when
        EngineExecutionResults results = run(OneBrokerPerMethod.class);

        // then the second test saw the annotation's topic empty, on a broker of its own
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(SEEN).noneMatch(Clients::listening);
    }

    @Test
    void shouldFailAClassThatAsksForAPerMethodBrokerBeforeAllTestsNamingTheWayOut() {
        // when
        EngineExecutionResults results = run(PerMethodAddressInBeforeAll.class);

        // then
        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failureOf(results)).hasMessageContaining("Lifecycle.PER_METHOD")
                .hasMessageContaining("use Lifecycle.PER_CLASS");
    }

    @Test
    void shouldFailAClassWhoseTopicTheBrokerRefusesWithTheReason() {
        // when
        EngineExecutionResults results = run(TopicWithoutPartitions.class);

        // then
        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(failureOf(results)).hasMessageContaining("partition count must be at least 1");
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static Throwable failureOf(EngineExecutionResults results) {
        return results.allEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    @HexalogBroker
    static class OneBrokerPerClass {

        @Test
        void first(@BootstrapServers String servers) {
            SEEN.add(servers);
        }

        @Test
        void second(@BootstrapServers String servers) {
            SEEN.add(servers);
        }
    }

    @HexalogBroker(lifecycle = Lifecycle.PER_METHOD, topics = @Topic(name = "events"))
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OneBrokerPerMethod {

        @BootstrapServers
        String servers;

        @Test
        @Order(1)
        void first() throws Exception {
            SEEN.add(servers);
            Clients.send(servers, "events", "from the first test");
        }

        @Test
        @Order(2)
        void second() {
            SEEN.add(servers);
            TopicPartition events = new TopicPartition("events", 0);
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers)) {
                assertThat(consumer.endOffsets(List.of(events))).as("a fresh topic holds nothing")
                        .containsEntry(events, 0L);
            }
        }
    }

    @HexalogBroker(lifecycle = Lifecycle.PER_METHOD)
    static class PerMethodAddressInBeforeAll {

        @BeforeAll
        static void tooEarly(@BootstrapServers String servers) {
            SEEN.add(servers);
        }

        @Test
        void never() {
        }
    }

    @HexalogBroker(topics = @Topic(name = "empty", partitions = 0))
    static class TopicWithoutPartitions {

        @Test
        void never() {
        }
    }
}
