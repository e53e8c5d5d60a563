package io.hexalog.bootstrap;

import io.hexalog.adapter.replication.ratis.FixedPorts;
import io.hexalog.adapter.replication.ratis.QuorumVoter;
import io.hexalog.application.service.GroupCoordinatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A cluster of brokers in this JVM, each assembled as {@code java -jar} assembles it, on loopback with ephemeral
 * Kafka ports and its own data directory, replicating through Raft on ports picked free when the cluster is
 * made. Nodes can be stopped (as a crash would) and started again on the same directory.
 */
final class RunningCluster implements AutoCloseable {

    private final StorageKind storage;
    private final List<QuorumVoter> voters;
    private final List<Path> dataDirs;
    private final AtomicReferenceArray<HexalogBroker> nodes;
    private final UnaryOperator<ServerConfig> customisation;

    private RunningCluster(StorageKind storage, List<QuorumVoter> voters, List<Path> dataDirs,
                           UnaryOperator<ServerConfig> customisation) {
        this.storage = storage;
        this.voters = voters;
        this.dataDirs = dataDirs;
        this.nodes = new AtomicReferenceArray<>(voters.size());
        this.customisation = customisation;
    }

    /** Starts {@code size} nodes at once (each waits for a majority) and returns when all have joined. */
    static RunningCluster start(StorageKind storage, int size) throws IOException {
        return start(storage, size, UnaryOperator.identity());
    }

    /** Starts {@code size} nodes as {@link #start(StorageKind, int)} does, each with its config customised. */
    static RunningCluster start(StorageKind storage, int size, UnaryOperator<ServerConfig> customisation)
            throws IOException {
        RunningCluster cluster = stopped(storage, size, customisation);
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int nodeId = 1; nodeId <= size; nodeId++) {
            int id = nodeId;
            starts.add(CompletableFuture.runAsync(() -> cluster.startNode(id)));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            cluster.awaitEveryNodeListingEveryBroker();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** A customisation of every node: it keeps {@code minFreeBytes} of its data volume free ({@code 0}: none). */
    static UnaryOperator<ServerConfig> storageReserve(long minFreeBytes) {
        return config -> {
            ServerConfig.Cluster defaults = config.cluster().orElseThrow();
            return config.withCluster(new ServerConfig.Cluster(defaults.quorumVoters(),
                    defaults.defaultReplicationFactor(), defaults.electionTimeout(), 0, minFreeBytes));
        };
    }

    /** A cluster of {@code size} nodes none of which runs yet; {@link #startNode} starts them. */
    static RunningCluster stopped(StorageKind storage, int size) throws IOException {
        return stopped(storage, size, UnaryOperator.identity());
    }

    private static RunningCluster stopped(StorageKind storage, int size, UnaryOperator<ServerConfig> customisation)
            throws IOException {
        List<QuorumVoter> voters = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (int nodeId = 1; nodeId <= size; nodeId++) {
            voters.add(new QuorumVoter(nodeId, "127.0.0.1", FixedPorts.free()));
            dirs.add(TemporaryDirectory.create("hexalog-cluster-" + nodeId + "-"));
        }
        return new RunningCluster(storage, voters, dirs, customisation);
    }

    /** Starts a stopped node again on its data directory; returns once it has joined. */
    void startNode(int nodeId) {
        startNode(nodeId, ServerConfig.Http.OFF);
    }

    /**
     * Starts a stopped node with its admin HTTP API on {@code http}, which answers while the node waits to join;
     * returns once it has joined.
     */
    void startNode(int nodeId, ServerConfig.Http http) {
        ServerConfig config = ServerConfig.loopback(storage, dataDirs.get(nodeId - 1))
                .withNodeId(nodeId)
                .withGroups(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(100))
                .withCluster(ServerConfig.Cluster.of(voters))
                .withHttp(http);
        nodes.set(nodeId - 1, HexalogBroker.start(customisation.apply(config)));
    }

    /**
     * Waits, at most 30 s, until every node's Metadata lists every broker: a node has joined once it is registered
     * itself, and may apply the others' registrations a moment later (a topic of replication factor 3 created
     * through it before then would be refused).
     */
    private void awaitEveryNodeListingEveryBroker() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int nodeId = 1; nodeId <= nodes.length(); nodeId++) {
            while (brokersListedBy(nodeId) < nodes.length()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Node " + nodeId + " does not list all " + nodes.length()
                            + " brokers");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private int brokersListedBy(int nodeId) {
        try {
            MetadataRequestData request = new MetadataRequestData().setTopics(List.of());
            return ((MetadataResponse) call(nodeId, (short) 12, request)).data().brokers().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a node, its listener and its Raft server, as a crash of the process would end them. */
    void stopNode(int nodeId) {
        HexalogBroker node = nodes.getAndSet(nodeId - 1, null);
        if (node != null) {
            node.close();
        }
    }

    /**
     * Shuts a node down as its process does when told to stop: it hands the leadership of its groups to the other
     * nodes first; returns how many it still led when it closed.
     */
    int shutDownNode(int nodeId) {
        HexalogBroker node = nodes.getAndSet(nodeId - 1, null);
        return node == null ? 0 : node.shutDown();
    }

    /**
     * Has a running node start itself again in this process whenever it says it must, as a broker process does
     * ({@link RestartingBroker}, with no minimum uptime); {@code beforeStart} runs before each start, as an operator's
     * fix or a disk's freed space would come before it.
     */
    RestartingBroker restartingItself(int nodeId, Runnable beforeStart) {
        return new RestartingBroker(nodes.get(nodeId - 1), () -> {
            beforeStart.run();
            startNode(nodeId);
            return nodes.get(nodeId - 1);
        }, Duration.ZERO);
    }

    /** The data directory of a node, running or not. */
    Path dataDir(int nodeId) {
        return dataDirs.get(nodeId - 1);
    }

    /** Where a running node's admin HTTP API listens, if it was started with one. */
    Optional<InetSocketAddress> httpAddress(int nodeId) {
        HexalogBroker node = nodes.get(nodeId - 1);
        return node == null ? Optional.empty() : node.httpAddress();
    }

    boolean isRunning(int nodeId) {
        return nodes.get(nodeId - 1) != null;
    }

    /** Every running node's Kafka address. */
    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < nodes.length(); i++) {
            HexalogBroker node = nodes.get(i);
            if (node != null) {
                servers.add(node.bootstrapServers());
            }
        }
        return servers.stream().collect(Collectors.joining(","));
    }

    String bootstrapServers(int nodeId) {
        return nodes.get(nodeId - 1).bootstrapServers();
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** An idempotent acks=all producer (the client's defaults) unless overridden. */
    KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /**
     * Sends {@code count} records valued {@code prefix-i} to partition {@code i % partitions} with an idempotent
     * acks=all producer, one at a time; returns where each went, as {@code partition@offset} to value.
     */
    Map<String, String> produce(String topic, int partitions, String prefix, int count) throws Exception {
        Map<String, String> acknowledged = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(Map.of("delivery.timeout.ms", 60_000,
                "request.timeout.ms", 10_000))) {
            for (int i = 0; i < count; i++) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic, i % partitions, prefix + "-" + i,
                        prefix + "-" + i)).get(60, TimeUnit.SECONDS);
                acknowledged.put(sent.partition() + "@" + sent.offset(), prefix + "-" + i);
            }
        }
        return acknowledged;
    }

    /** Every record of a topic, as {@code partition@offset} to value, read from the start by one consumer. */
    Map<String, String> consumeAll(String topic, int partitions) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            assigned.add(new TopicPartition(topic, partition));
        }
        Map<String, String> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (assigned.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.put(record.partition() + "@" + record.offset(), record.value());
                }
            }
        }
        return read;
    }

    /** Sends one request to a node's Kafka listener on a connection of its own, and reads the answer. */
    AbstractResponse call(int nodeId, short version, ApiMessage request) throws IOException {
        String[] address = bootstrapServers(nodeId).split(":");
        RequestHeader header = new RequestHeader(ApiKeys.forId(request.apiKey()), version, "cluster-test", 1);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + request.size(cache, version);
        ByteBuffer frame = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(frame);
        header.data().write(writer, cache, header.headerVersion());
        request.write(writer, cache, version);
        try (Socket socket = new Socket(address[0], Integer.parseInt(address[1]))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(frame.array());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
        }
    }

    /** Stops every node and deletes their data directories. */
    @Override
    public void close() {
        for (int nodeId = 1; nodeId <= nodes.length(); nodeId++) {
            try {
                stopNode(nodeId);
            } catch (RuntimeException e) {
                // the others are still stopped
            }
        }
        dataDirs.forEach(TemporaryDirectory::delete);
    }

}
