package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Provider;
import io.hexalog.adapter.http.admin.BrokerMetrics;
import io.hexalog.adapter.http.admin.HttpAdminAdapter;
import io.hexalog.adapter.http.admin.HttpAdminServer;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.LogSizeQuery;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP adapter: a server on the same inbound ports as the Kafka listener, ready when the storage
 * is open and the Kafka listener is bound, serving the metrics the Kafka listener counts into. With HTTP off
 * the Kafka listener counts nothing.
 */
final class HttpAdminModule extends AbstractModule {

    private final ServerConfig.Http http;
    private final BooleanSupplier storageOpen;

    /** @param storageOpen whether the storage the application runs on is open */
    HttpAdminModule(ServerConfig.Http http, BooleanSupplier storageOpen) {
        this.http = http;
        this.storageOpen = storageOpen;
    }

    @Provides
    @Singleton
    HttpAdminServer httpAdminServer(DescribeClusterQuery cluster, DescribeTopicsQuery topics,
                                    DescribeConfigsQuery configs, CreateTopicUseCase createTopic,
                                    DeleteTopicUseCase deleteTopic, CreatePartitionsUseCase createPartitions,
                                    AlterConfigsUseCase alterConfigs, KafkaServer kafka, BrokerMetrics metrics) {
        return HttpAdminAdapter.server(new HttpAdminAdapter.ListenerConfig(http.host(), http.port()),
                new HttpAdminAdapter.UseCases(cluster, topics, configs, createTopic, deleteTopic, createPartitions,
                        alterConfigs),
                List.of(new HttpAdminAdapter.ReadinessCheck("storage", storageOpen),
                        new HttpAdminAdapter.ReadinessCheck("kafka-listener", kafka::isBound)),
                metrics);
    }

    /** The metrics; the open connections are asked of the Kafka listener, which counts into these metrics. */
    @Provides
    @Singleton
    BrokerMetrics brokerMetrics(DescribeTopicsQuery topics, LogSizeQuery logSizes, ListOffsetsQuery offsets,
                                DescribeGroupsQuery groups, FetchOffsetsQuery committedOffsets,
                                Provider<KafkaServer> kafka) {
        return HttpAdminAdapter.metrics(new HttpAdminAdapter.MetricSources(topics, logSizes, offsets, groups,
                committedOffsets, () -> kafka.get().openConnections()));
    }

    @Provides
    @Singleton
    KafkaProtocolAdapter.TrafficListener trafficListener(Provider<BrokerMetrics> metrics) {
        return http.enabled() ? new MetricsTrafficListener(metrics.get()) : KafkaProtocolAdapter.TrafficListener.NONE;
    }
}
