package io.hexalog.application.port.in;

/** Which replica an election of a partition's leader picks (KIP-460). */
public enum ElectionType {

    /** The preferred replica, the first of the partition's replicas, if it is alive and in sync. */
    PREFERRED,

    /** Any live replica, even one out of sync, when no in-sync replica can lead; may lose records. */
    UNCLEAN
}
