package io.hexalog.domain.topic;

import io.hexalog.domain.error.PolicyViolationException;
import io.hexalog.domain.policy.Decision;

/**
 * How many partitions one request may create and one broker may host. Each partition costs memory and file
 * handles whether or not it holds a record, so a single CreateTopics of a million partitions would exhaust a
 * small broker; both limits refuse the request before anything is created, validate-only requests included.
 * <ul>
 *   <li>Per request: Kafka's controller refuses a CreateTopics request whose topics would have more than
 *       {@value #MAX_PARTITIONS_PER_REQUEST} partitions in all, with POLICY_VIOLATION and the message of
 *       {@link #checkRequest} (KAFKA-17870, Kafka 4.0); the same rule holds here for the partitions
 *       CreatePartitions adds, as KAFKA-19673 proposes. Not configurable in Kafka, nor here.</li>
 *   <li>Per broker: Kafka has no such limit; {@code max.broker.partitions} is the name KIP-578 proposed for
 *       it. Every partition the broker hosts counts, however it was created.</li>
 * </ul>
 *
 * @param maxBrokerPartitions the most partitions this broker hosts, at least 1
 */
public record PartitionCountPolicy(int maxBrokerPartitions) {

    /** Kafka's {@code ReplicationControlManager.MAX_PARTITIONS_PER_BATCH}. */
    public static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    /** Kafka's message for a request over {@link #MAX_PARTITIONS_PER_REQUEST}; clients may match it. */
    public static final String EXCESSIVE_REQUEST_MESSAGE = "Excessively large number of partitions per request.";

    /** The config key that sets {@link #maxBrokerPartitions()}. */
    public static final String MAX_BROKER_PARTITIONS_CONFIG = "max.broker.partitions";

    /**
     * What a broker hosts unless told otherwise. Memory is not what bounds it (an empty partition costs about
     * 260 bytes of heap and 250 to 400 bytes of resident memory on either storage); what every partition adds to
     * is the work over all of them: describing every topic, retention passes, deleting. Ten thousand keeps those
     * within a second or so on a small machine, is what one request may create, and is far above the 4,000 a
     * Kafka broker was long advised to host. See docs/operations.md.
     */
    public static final int DEFAULT_MAX_BROKER_PARTITIONS = 10_000;

    public PartitionCountPolicy {
        if (maxBrokerPartitions < 1) {
            throw new IllegalArgumentException("max broker partitions must be at least 1: " + maxBrokerPartitions);
        }
    }

    public static PartitionCountPolicy defaults() {
        return new PartitionCountPolicy(DEFAULT_MAX_BROKER_PARTITIONS);
    }

    /**
     * Accepts a request that creates up to {@value #MAX_PARTITIONS_PER_REQUEST} partitions in all; a larger
     * one is rejected with {@link PolicyViolationException} and Kafka's message.
     *
     * @param newPartitions the partitions the whole request would create, over all its topics
     */
    public Decision checkRequest(long newPartitions) {
        if (newPartitions > MAX_PARTITIONS_PER_REQUEST) {
            return Decision.reject(new PolicyViolationException(EXCESSIVE_REQUEST_MESSAGE));
        }
        return Decision.accept();
    }

    /**
     * Accepts new partitions while the broker stays within {@link #maxBrokerPartitions()}; more are rejected
     * with {@link PolicyViolationException} naming the limit and its config key.
     *
     * @param hosted the partitions the broker hosts now
     * @param added  the partitions to be created
     */
    public Decision checkBroker(long hosted, long added) {
        long after = hosted + added;
        if (after > maxBrokerPartitions) {
            return Decision.reject(new PolicyViolationException("Creating " + added + " partition(s) would bring "
                    + "this broker to " + after + " partitions, above its limit of " + maxBrokerPartitions
                    + " (" + MAX_BROKER_PARTITIONS_CONFIG + ")."));
        }
        return Decision.accept();
    }
}
