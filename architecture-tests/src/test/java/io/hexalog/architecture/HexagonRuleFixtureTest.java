package io.hexalog.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves that every rule can fail. The same rule objects that guard the main code are run against two small
 * hexagons under {@code fixture}: a compliant one every rule accepts, and a violating one in which each rule
 * must report the classes planted to break it.
 */
class HexagonRuleFixtureTest {

    private static final String COMPLIANT = "io.hexalog.architecture.fixture.compliant";
    private static final String VIOLATING = "io.hexalog.architecture.fixture.violating";

    private static final JavaClasses COMPLIANT_CLASSES = HexalogClasses.fixture(COMPLIANT);
    private static final JavaClasses VIOLATING_CLASSES = HexalogClasses.fixture(VIOLATING);

    @ParameterizedTest(name = "{0}")
    @EnumSource(HexagonRule.class)
    void acceptsAHexagonThatKeepsTheBoundary(HexagonRule rule) {
        rule.forRoot(COMPLIANT).check(COMPLIANT_CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HexagonRule.class)
    void reportsTheClassesPlantedToBreakIt(HexagonRule rule) {
        List<String> culprits = plantedViolationsOf(rule);

        assertThatThrownBy(() -> rule.forRoot(VIOLATING).check(VIOLATING_CLASSES))
                .isInstanceOf(AssertionError.class)
                .satisfies(error -> assertThat(error.getMessage()).contains(culprits));
    }

    @Test
    void slicingModulesIntoPartsCatchesACycleThatNoTwoPackagesForm() {
        assertThatThrownBy(() -> HexagonRule.NO_CYCLES_BETWEEN_PACKAGES.forRoot(VIOLATING).check(VIOLATING_CLASSES))
                .hasMessageNotContaining(VIOLATING + ".adapter.protocol.kafka.internal.network.Connection");
    }

    /** Each rule's culprits in the violating fixture; a new rule does not compile until it has some. */
    private static List<String> plantedViolationsOf(HexagonRule rule) {
        return switch (rule) {
            case DOMAIN_DEPENDS_ONLY_ON_THE_JDK -> List.of(
                    VIOLATING + ".domain.log.PooledBatch");
            case APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK -> List.of(
                    VIOLATING + ".application.service.MemoryBackedProduceService");
            case ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER -> List.of(
                    VIOLATING + ".adapter.storage.rocksdb.RocksDbStorage",
                    VIOLATING + ".adapter.http.admin.ListenerStatus");
            case ADAPTERS_USE_ONLY_PORTS_AND_THE_DOMAIN -> List.of(
                    VIOLATING + ".adapter.protocol.kafka.KafkaServer",
                    VIOLATING + ".adapter.protocol.kafka.internal.handler.fetch.ConcreteFetchHandler");
            case DEPENDENCY_INJECTION_ONLY_IN_BOOTSTRAP -> List.of(
                    VIOLATING + ".adapter.storage.memory.InMemoryTopicCatalog");
            case GUICE_MODULES_PROVIDE_PORTS_NOT_SERVICES -> List.of(
                    VIOLATING + ".bootstrap.ServiceModule");
            case PICOCLI_ONLY_IN_BOOTSTRAP -> List.of(
                    VIOLATING + ".adapter.protocol.kafka.ListenerOptions");
            case LOGBACK_ONLY_IN_BOOTSTRAP -> List.of(
                    VIOLATING + ".adapter.storage.rocksdb.RocksDbLogging",
                    VIOLATING + ".adapter.storage.rocksdb.RocksDbLogRouting");
            case NETTY_ONLY_IN_THE_PROTOCOL_ADAPTER -> List.of(
                    VIOLATING + ".bootstrap.BufferSettings");
            case KAFKA_ONLY_IN_THE_PROTOCOL_ADAPTER -> List.of(
                    VIOLATING + ".adapter.storage.rocksdb.KafkaTopicKeys");
            case MICROMETER_ONLY_IN_THE_HTTP_ADAPTER -> List.of(
                    VIOLATING + ".adapter.protocol.kafka.ProduceCounter");
            case HTTP_LIBRARIES_ONLY_IN_THE_HTTP_ADAPTER -> List.of(
                    VIOLATING + ".bootstrap.AdminRoutes",
                    VIOLATING + ".domain.topic.JsonTopic");
            case RATIS_ONLY_IN_THE_REPLICATION_ADAPTER -> List.of(
                    VIOLATING + ".bootstrap.RaftTuning");
            case HTTP_ADAPTER_CALLS_ONLY_INBOUND_PORTS -> List.of(
                    VIOLATING + ".adapter.http.admin.ListenerStatus",
                    VIOLATING + ".adapter.http.admin.TopicsFromTheCatalog");
            case RE2J_ONLY_IN_THE_PROTOCOL_ADAPTER -> List.of(
                    VIOLATING + ".domain.topic.TopicNameFilter");
            case ROCKSDB_ONLY_IN_THE_ROCKSDB_ADAPTER -> List.of(
                    VIOLATING + ".adapter.storage.memory.SpillToDisk");
            case JUNIT_ONLY_IN_HEXALOG_JUNIT -> List.of(
                    VIOLATING + ".adapter.storage.memory.AssertedAppend");
            case DOMAIN_AND_APPLICATION_CARRY_NO_FRAMEWORK_ANNOTATIONS -> List.of(
                    VIOLATING + ".application.service.InjectedFetchService",
                    VIOLATING + ".domain.topic.NamedTopic");
            case DOMAIN_AND_APPLICATION_DO_NOT_READ_THE_SYSTEM_CLOCK -> List.of(
                    VIOLATING + ".domain.log.RetentionDeadline",
                    VIOLATING + ".application.service.StampingProduceService");
            case INBOUND_PORTS_DO_NOT_EXPOSE_OUTBOUND_PORT_TYPES -> List.of(
                    VIOLATING + ".application.port.in.FetchResult");
            case OUTBOUND_PORTS_DO_NOT_EXPOSE_INBOUND_PORT_TYPES -> List.of(
                    VIOLATING + ".application.port.out.catalog.TopicCatalog");
            case INBOUND_PORTS_ARE_IMPLEMENTED_ONLY_BY_THE_APPLICATION -> List.of(
                    VIOLATING + ".adapter.protocol.kafka.internal.handler.fetch.ShortcutFetchHandler");
            case PORT_IMPLEMENTATIONS_LIVE_IN_ADAPTERS -> List.of(
                    VIOLATING + ".application.service.ThreadScheduler",
                    VIOLATING + ".bootstrap.SystemScheduler");
            case INBOUND_PORTS_FOLLOW_THE_NAMING_CONVENTION -> List.of(
                    VIOLATING + ".application.port.in.TopicLookup",
                    VIOLATING + ".application.port.in.FetchQuery",
                    VIOLATING + ".application.port.in.OffsetQuery");
            case NO_CYCLES_BETWEEN_PACKAGES -> List.of(
                    VIOLATING + ".domain.log.LogSegment",
                    VIOLATING + ".domain.topic.TopicLog");
            case NO_CYCLES_BETWEEN_THE_PARTS_OF_A_MODULE -> List.of(
                    VIOLATING + ".adapter.protocol.kafka.internal.network.Connection",
                    VIOLATING + ".adapter.protocol.kafka.internal.handler.fetch.FetchHandler");
            case ADAPTERS_EXPOSE_ONLY_THEIR_ENTRY_POINTS -> List.of(
                    VIOLATING + ".adapter.storage.memory.InMemoryTopicIndex");
            case ADAPTER_INTERNALS_STAY_INSIDE_THE_ADAPTER -> List.of(
                    VIOLATING + ".bootstrap.Wiring");
        };
    }
}
