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
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.in.ReadBufferUsageQuery;
import io.hexalog.application.port.out.ClusterView;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP adapter: a server on the same inbound ports as the Kafka listener, ready when the storage
 * is open, the Kafka listener accepts connections and the broker has joined its cluster (a single broker always
 * has), serving the metrics the Kafka listener counts into. With HTTP off the Kafka listener counts nothing.
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
    HttpAdminAdapter.RecordUseCases recordUseCases(ApplicationCore core, DeleteRecordsUseCase deleteRecords) {
        // records and offsets from whichever node leads the partition: every node of a cluster serves every one
        return new HttpAdminAdapter.RecordUseCases(core.produceOnLeader(), core.fetchRecordsOnLeader(),
                core.listOffsetsOnLeader(), deleteRecords);
    }

    @Provides
    @Singleton
    HttpAdminAdapter.GroupUseCases groupUseCases(DescribeGroupsQuery describeGroups, ConsumerGroupsQuery consumerGroups,
                                                 FindCoordinatorQuery coordinators, FetchOffsetsQuery fetchOffsets,
                                                 CommitOffsetsUseCase commitOffsets, DeleteGroupsUseCase deleteGroups,
                                                 AlterGroupConfigsUseCase alterGroupConfigs) {
        return new HttpAdminAdapter.GroupUseCases(describeGroups, consumerGroups, coordinators, fetchOffsets,
                commitOffsets, deleteGroups, alterGroupConfigs);
    }

    @Provides
    @Singleton
    HttpAdminServer httpAdminServer(DescribeClusterQuery cluster, DescribeTopicsQuery topics,
                                    DescribeConfigsQuery configs, CreateTopicUseCase createTopic,
                                    DeleteTopicUseCase deleteTopic, CreatePartitionsUseCase createPartitions,
                                    AlterConfigsUseCase alterConfigs, HttpAdminAdapter.RecordUseCases records,
                                    HttpAdminAdapter.GroupUseCases groups, KafkaServer kafka, ClusterView clusterView,
                                    BrokerMetrics metrics) {
        return HttpAdminAdapter.server(new HttpAdminAdapter.ListenerConfig(http.host(), http.port()),
                new HttpAdminAdapter.UseCases(cluster, topics, configs, createTopic, deleteTopic, createPartitions,
                        alterConfigs),
                records, groups,
                List.of(HttpAdminAdapter.ReadinessCheck.passingWhile("storage", storageOpen, "the storage is closed"),
                        HttpAdminAdapter.ReadinessCheck.passingWhile("kafka-listener", kafka::isAccepting,
                                "the Kafka listener does not accept connections"),
                        new HttpAdminAdapter.ReadinessCheck("cluster", clusterView::whyNotJoined)),
                metrics);
    }

    /** The metrics; the open connections are asked of the Kafka listener, which counts into these metrics. */
    @Provides
    @Singleton
    BrokerMetrics brokerMetrics(DescribeTopicsQuery topics, LogSizeQuery logSizes, ApplicationCore core,
                                DescribeGroupsQuery groups, ConsumerGroupsQuery consumerGroups,
                                FetchOffsetsQuery committedOffsets, Provider<KafkaServer> kafka,
                                ReadBufferUsageQuery readBuffers, DescribeClusterQuery cluster) {
        // a group's lag on every partition, whichever node leads it: the coordinator's node reports its groups
        return HttpAdminAdapter.metrics(new HttpAdminAdapter.MetricSources(topics, logSizes, core.listOffsetsOnLeader(), groups,
                consumerGroups, committedOffsets, () -> kafka.get().openConnections(), readBuffers, cluster));
    }

    @Provides
    @Singleton
    KafkaProtocolAdapter.TrafficListener trafficListener(Provider<BrokerMetrics> metrics) {
        return http.enabled() ? new MetricsTrafficListener(metrics.get()) : KafkaProtocolAdapter.TrafficListener.NONE;
    }
}
