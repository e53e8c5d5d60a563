package io.hexalog.adapter.protocol.kafka;

/** How explicit replica assignments (CreateTopics, CreatePartitions) are answered. */
final class ReplicaAssignments {

    /** A cluster places each partition's replicas by its shard groups (ADR 12), never where a request says. */
    static final String REFUSED_IN_A_CLUSTER = "Explicit replica assignments are not supported by a Hexalog cluster: "
            + "each partition's replicas follow from its topic's replication factor; give a replication factor instead";

    private ReplicaAssignments() {
    }
}
