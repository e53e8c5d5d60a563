package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hexalog.adapter.http.admin.HttpAdminAdapter;
import io.hexalog.adapter.http.admin.HttpAdminServer;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP adapter: a server on the same inbound ports as the Kafka listener, ready when the storage
 * is open and the Kafka listener is bound.
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
                                    AlterConfigsUseCase alterConfigs, KafkaServer kafka) {
        return HttpAdminAdapter.server(new HttpAdminAdapter.ListenerConfig(http.host(), http.port()),
                new HttpAdminAdapter.UseCases(cluster, topics, configs, createTopic, deleteTopic, createPartitions,
                        alterConfigs),
                List.of(new HttpAdminAdapter.ReadinessCheck("storage", storageOpen),
                        new HttpAdminAdapter.ReadinessCheck("kafka-listener", kafka::isBound)));
    }
}
