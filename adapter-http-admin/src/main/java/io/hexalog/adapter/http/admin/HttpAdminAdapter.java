package io.hexalog.adapter.http.admin;

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
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.ReadBufferUsageQuery;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The admin HTTP adapter's entry point: builds the {@link HttpAdminServer} that serves Confluent's REST v3
 * paths, the health checks, the Prometheus metrics and the API's OpenAPI document on the same inbound ports as the Kafka protocol.
 */
public final class HttpAdminAdapter {

    private HttpAdminAdapter() {
    }

    /**
     * Where the HTTP server listens.
     *
     * @param port 0 picks a free one
     */
    public record ListenerConfig(String host, int port) {

        public ListenerConfig {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
        }
    }

    /** The inbound ports the API calls. */
    public record UseCases(DescribeClusterQuery cluster, DescribeTopicsQuery topics, DescribeConfigsQuery configs,
                           CreateTopicUseCase createTopic, DeleteTopicUseCase deleteTopic,
                           CreatePartitionsUseCase createPartitions, AlterConfigsUseCase alterConfigs) {

        public UseCases {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(configs, "configs");
            Objects.requireNonNull(createTopic, "createTopic");
            Objects.requireNonNull(deleteTopic, "deleteTopic");
            Objects.requireNonNull(createPartitions, "createPartitions");
            Objects.requireNonNull(alterConfigs, "alterConfigs");
        }
    }

    /** The inbound ports the records API calls: producing, reading and deleting records. */
    public record RecordUseCases(ProduceUseCase produce, FetchRecordsQuery fetch, ListOffsetsQuery listOffsets,
                                 DeleteRecordsUseCase deleteRecords) {

        public RecordUseCases {
            Objects.requireNonNull(produce, "produce");
            Objects.requireNonNull(fetch, "fetch");
            Objects.requireNonNull(listOffsets, "listOffsets");
            Objects.requireNonNull(deleteRecords, "deleteRecords");
        }
    }

    /** The inbound ports the consumer groups API calls. */
    public record GroupUseCases(DescribeGroupsQuery describeGroups, ConsumerGroupsQuery consumerGroups,
                                FindCoordinatorQuery coordinators, FetchOffsetsQuery fetchOffsets,
                                CommitOffsetsUseCase commitOffsets, DeleteGroupsUseCase deleteGroups,
                                AlterGroupConfigsUseCase alterConfigs) {

        public GroupUseCases {
            Objects.requireNonNull(describeGroups, "describeGroups");
            Objects.requireNonNull(consumerGroups, "consumerGroups");
            Objects.requireNonNull(coordinators, "coordinators");
            Objects.requireNonNull(fetchOffsets, "fetchOffsets");
            Objects.requireNonNull(commitOffsets, "commitOffsets");
            Objects.requireNonNull(deleteGroups, "deleteGroups");
            Objects.requireNonNull(alterConfigs, "alterConfigs");
        }
    }

    /**
     * One thing that must hold for the broker to serve clients, reported by {@code GET /health/ready}.
     *
     * @param name       how the check is named in the report, such as {@code storage}
     * @param whyFailing asked on every readiness request: why the check fails now, in a short sentence the
     *                   report shows, or empty while it passes; must answer quickly and never block
     */
    public record ReadinessCheck(String name, Supplier<Optional<String>> whyFailing) {

        public ReadinessCheck {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(whyFailing, "whyFailing");
        }

        /** A check that passes or fails for one reason only, {@code reason}. */
        public static ReadinessCheck passingWhile(String name, BooleanSupplier passing, String reason) {
            Objects.requireNonNull(passing, "passing");
            Optional<String> failed = Optional.of(reason);
            return new ReadinessCheck(name, () -> passing.getAsBoolean() ? Optional.empty() : failed);
        }
    }

    /**
     * What the metrics' gauges are read from when Prometheus scrapes: the inbound queries, and the Kafka
     * listener's count of open connections.
     *
     * @param openConnections asked on every scrape; must answer quickly and never block
     * @param readBuffers     the storage's read buffers, asked on every scrape
     */
    public record MetricSources(DescribeTopicsQuery topics, LogSizeQuery logSizes, ListOffsetsQuery offsets,
                                DescribeGroupsQuery groups, ConsumerGroupsQuery consumerGroups,
                                FetchOffsetsQuery committedOffsets, IntSupplier openConnections,
                                ReadBufferUsageQuery readBuffers, DescribeClusterQuery cluster) {

        public MetricSources {
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(logSizes, "logSizes");
            Objects.requireNonNull(offsets, "offsets");
            Objects.requireNonNull(groups, "groups");
            Objects.requireNonNull(consumerGroups, "consumerGroups");
            Objects.requireNonNull(committedOffsets, "committedOffsets");
            Objects.requireNonNull(openConnections, "openConnections");
            Objects.requireNonNull(readBuffers, "readBuffers");
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    /** A server that is not yet listening; {@link HttpAdminServer#start()} binds it. */
    public static HttpAdminServer server(ListenerConfig listener, UseCases useCases, RecordUseCases records,
                                         GroupUseCases groups, List<ReadinessCheck> readiness) {
        return new HttpAdminServer(listener, useCases, records, groups, List.copyOf(readiness), Optional.empty());
    }

    /** A server that also serves {@code metrics} at {@code GET /metrics}. */
    public static HttpAdminServer server(ListenerConfig listener, UseCases useCases, RecordUseCases records,
                                         GroupUseCases groups, List<ReadinessCheck> readiness, BrokerMetrics metrics) {
        return new HttpAdminServer(listener, useCases, records, groups, List.copyOf(readiness), Optional.of(metrics));
    }

    /** The broker's metrics, for the driving adapters to count into and a server to serve. */
    public static BrokerMetrics metrics(MetricSources sources) {
        return new BrokerMetrics(sources);
    }
}
