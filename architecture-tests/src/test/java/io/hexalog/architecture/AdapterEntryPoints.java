package io.hexalog.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public top-level types the adapters expose to bootstrap, named relative to the root package. Every
 * other class of an adapter is package-private, or public inside the adapter's {@code internal} package
 * tree, which nothing outside the adapter may use. Giving an adapter a new entry point is a deliberate act:
 * it is listed here.
 */
public final class AdapterEntryPoints {

    public static final Set<String> RELATIVE_NAMES = Set.of(
            "adapter.storage.memory.InMemoryStorage",
            "adapter.storage.rocksdb.RocksDbStorage",
            "adapter.storage.rocksdb.FsyncPolicy",
            "adapter.protocol.kafka.KafkaServer",
            "adapter.protocol.kafka.KafkaProtocolAdapter",
            "adapter.protocol.kafka.KafkaRemoteTransactionCoordinator",
            "adapter.protocol.kafka.KafkaRemotePartitionLeader",
            "adapter.scheduler.jdk.ScheduledExecutorScheduler",
            "adapter.cluster.singlenode.SingleNodeClusterView",
            "adapter.cluster.singlenode.DirectReplicatedLog",
            "adapter.cluster.singlenode.SingleNodeLeaderElections",
            "adapter.cluster.singlenode.SingleNodeRemoteTransactionCoordinator",
            "adapter.cluster.singlenode.SingleNodeRemotePartitionLeader",
            "adapter.replication.ratis.RatisNode",
            "adapter.replication.ratis.RatisReplicatedLog",
            "adapter.replication.ratis.RatisClusterView",
            "adapter.replication.ratis.RatisLeaderElections",
            "adapter.replication.ratis.ClusterSettings",
            "adapter.replication.ratis.QuorumVoter",
            "adapter.http.admin.HttpAdminAdapter",
            "adapter.http.admin.BrokerMetrics",
            "adapter.http.admin.HttpAdminServer");

    private AdapterEntryPoints() {
    }

    static DescribedPredicate<JavaClass> listedUnder(String root) {
        Set<String> names = RELATIVE_NAMES.stream().map(name -> root + "." + name).collect(Collectors.toSet());
        return DescribedPredicate.describe("a listed adapter entry point " + names.stream().sorted().toList(),
                javaClass -> names.contains(javaClass.getName()));
    }
}
