package io.hexalog.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Elects the leaders of partitions (ElectLeaders, KIP-460). Each partition gets its own outcome:
 * <ul>
 *   <li>PREFERRED: elected (no failure) once its preferred replica leads it;
 *       {@link io.hexalog.domain.error.ElectionNotNeededException} if that replica leads it already;
 *       {@link io.hexalog.domain.error.PreferredLeaderNotAvailableException} if that replica is not alive and in
 *       sync, or did not take the leadership over;
 *       {@link io.hexalog.domain.error.RequestTimedOutException} if the move was not seen within the timeout.</li>
 *   <li>UNCLEAN: {@link io.hexalog.domain.error.ElectionNotNeededException} if the partition has a leader,
 *       {@link io.hexalog.domain.error.EligibleLeadersNotAvailableException} if it has none: only a replica
 *       holding everything acknowledged may lead, so there is never an unclean leader to elect.</li>
 *   <li>Either: {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for a topic or partition that
 *       does not exist.</li>
 * </ul>
 * An election of every partition answers only the partitions it did not find led as asked, as Kafka does, but
 * every topic.
 */
public interface ElectLeadersUseCase {

    /** Completes once every partition has its outcome; never fails as a whole. */
    CompletableFuture<List<TopicResult>> electLeaders(ElectLeadersCommand command);

    /** The outcomes of one topic's partitions, in the order asked. */
    record TopicResult(String topic, List<PartitionResult> partitions) {

        public TopicResult {
            Objects.requireNonNull(topic, "topic");
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * The outcome of one partition's election.
     *
     * @param failure why the partition was not elected as asked; empty once it was
     */
    record PartitionResult(int partition, Optional<Throwable> failure) {

        public PartitionResult {
            Objects.requireNonNull(failure, "failure");
        }

        public static PartitionResult elected(int partition) {
            return new PartitionResult(partition, Optional.empty());
        }

        public static PartitionResult failed(int partition, Throwable failure) {
            return new PartitionResult(partition, Optional.of(failure));
        }
    }
}
