package io.hexalog.architecture;

/**
 * The modules of the hexagon, each owning one package under the root package. The root is a parameter so
 * that the same rules can be run against the real code ({@code io.hexalog}) and against test fixtures.
 */
public enum HexalogModule {
    DOMAIN("domain"),
    APPLICATION("application"),
    STORAGE_MEMORY_ADAPTER("adapter.storage.memory"),
    STORAGE_ROCKSDB_ADAPTER("adapter.storage.rocksdb"),
    PROTOCOL_KAFKA_ADAPTER("adapter.protocol.kafka"),
    SCHEDULER_JDK_ADAPTER("adapter.scheduler.jdk"),
    CLUSTER_SINGLE_NODE_ADAPTER("adapter.cluster.singlenode"),
    HTTP_ADMIN_ADAPTER("adapter.http.admin"),
    REPLICATION_RATIS_ADAPTER("adapter.replication.ratis"),
    BOOTSTRAP("bootstrap"),
    JUNIT("junit");

    private final String relativePackage;

    HexalogModule(String relativePackage) {
        this.relativePackage = relativePackage;
    }

    /** This module's package under {@code root}, e.g. {@code io.hexalog.adapter.storage.memory}. */
    public String packageUnder(String root) {
        return root + "." + relativePackage;
    }

    /** The ArchUnit pattern for this module's package and all its sub-packages. */
    public String treeUnder(String root) {
        return packageUnder(root) + "..";
    }
}
