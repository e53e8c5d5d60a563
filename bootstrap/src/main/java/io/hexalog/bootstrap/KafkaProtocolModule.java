package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.service.ClusterService;
import io.hexalog.application.service.CoordinatorLookup;
import io.hexalog.application.service.DeleteRecordsService;
import io.hexalog.application.service.DeleteTopicWithOffsets;
import io.hexalog.application.service.DescribeConfigsService;
import io.hexalog.application.service.FetchService;
import io.hexalog.application.service.GroupAdminService;
import io.hexalog.application.service.GroupCoordinator;
import io.hexalog.application.service.LeaderEpochService;
import io.hexalog.application.service.ListOffsetsService;
import io.hexalog.application.service.OffsetService;
import io.hexalog.application.service.ProduceService;
import io.hexalog.application.service.ProducerIdService;
import io.hexalog.application.service.TopicService;

/** The Kafka protocol adapter: the listener serving the use cases, and the record timestamp reader. */
final class KafkaProtocolModule extends AbstractModule {

    private final BrokerConfig.Listener listener;

    KafkaProtocolModule(BrokerConfig.Listener listener) {
        this.listener = listener;
    }

    @Provides
    @Singleton
    RecordTimestampReader recordTimestampReader() {
        return KafkaProtocolAdapter.recordTimestampReader();
    }

    @Provides
    @Singleton
    KafkaServer kafkaServer(ProduceService produce, FetchService fetch, ListOffsetsService listOffsets,
                            ProducerIdService producerIds, TopicService topics, ClusterService cluster,
                            DescribeConfigsService configs, DeleteRecordsService deleteRecords,
                            LeaderEpochService leaderEpochs, DeleteTopicWithOffsets deleteTopic,
                            CoordinatorLookup coordinators, GroupCoordinator groups, OffsetService offsets,
                            GroupAdminService groupAdmin) {
        KafkaProtocolAdapter.ListenerConfig listenerConfig = new KafkaProtocolAdapter.ListenerConfig(
                listener.host(), listener.port(), listener.maxRequestBytes(), listener.ioThreads(),
                listener.traceProtocol());
        return KafkaProtocolAdapter.server(listenerConfig,
                new KafkaProtocolAdapter.UseCases(
                        produce, fetch, listOffsets, producerIds, topics, deleteTopic, topics, configs, cluster),
                new KafkaProtocolAdapter.AdminUseCases(topics, topics, deleteRecords, leaderEpochs),
                new KafkaProtocolAdapter.GroupUseCases(coordinators, groups, offsets, offsets, groupAdmin, groupAdmin));
    }
}
