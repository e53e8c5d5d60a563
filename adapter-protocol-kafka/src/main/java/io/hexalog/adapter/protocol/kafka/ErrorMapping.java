package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.ElectionNotNeededException;
import io.hexalog.domain.error.EligibleLeadersNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupSubscribedToTopicException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.error.UnsupportedAssignorException;
import io.hexalog.domain.error.GroupMaxSizeReachedException;
import io.hexalog.domain.error.UnreleasedInstanceIdException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.FencedMemberEpochException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidGroupIdException;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.InvalidReplicaAssignmentException;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.InvalidSessionTimeoutException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.InvalidTransactionTimeoutException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.OffsetMetadataTooLargeException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.error.PolicyViolationException;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.RequestTimedOutException;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.TransactionAbortableException;
import io.hexalog.domain.error.TransactionCoordinatorFencedException;
import io.hexalog.domain.error.TransactionalIdNotFoundException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.error.UnsupportedCompressionTypeException;
import io.hexalog.domain.error.UnsupportedForMessageFormatException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one table from the broker's failures to Kafka's wire error codes. */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Bounds the search of a cause chain, which may loop. */
    private static final int MAX_CAUSE_DEPTH = 8;

    /** The protocol's leader epoch when none is known. */
    private static final int NO_LEADER_EPOCH = -1;

    private static final Map<Class<? extends HexalogException>, Errors> CODES = Map.ofEntries(
            Map.entry(ConcurrentTransactionsException.class, Errors.CONCURRENT_TRANSACTIONS),
            Map.entry(CoordinatorNotAvailableException.class, Errors.COORDINATOR_NOT_AVAILABLE),
            Map.entry(CorruptRecordException.class, Errors.CORRUPT_MESSAGE),
            Map.entry(ElectionNotNeededException.class, Errors.ELECTION_NOT_NEEDED),
            Map.entry(EligibleLeadersNotAvailableException.class, Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE),
            Map.entry(FencedInstanceIdException.class, Errors.FENCED_INSTANCE_ID),
            Map.entry(GroupIdNotFoundException.class, Errors.GROUP_ID_NOT_FOUND),
            Map.entry(GroupSubscribedToTopicException.class, Errors.GROUP_SUBSCRIBED_TO_TOPIC),
            Map.entry(IllegalGenerationException.class, Errors.ILLEGAL_GENERATION),
            Map.entry(InconsistentGroupProtocolException.class, Errors.INCONSISTENT_GROUP_PROTOCOL),
            Map.entry(InvalidConfigurationException.class, Errors.INVALID_CONFIG),
            Map.entry(InvalidGroupIdException.class, Errors.INVALID_GROUP_ID),
            Map.entry(InvalidPartitionsException.class, Errors.INVALID_PARTITIONS),
            Map.entry(InvalidProducerEpochException.class, Errors.INVALID_PRODUCER_EPOCH),
            Map.entry(InvalidProducerIdMappingException.class, Errors.INVALID_PRODUCER_ID_MAPPING),
            Map.entry(InvalidRecordException.class, Errors.INVALID_RECORD),
            Map.entry(InvalidReplicaAssignmentException.class, Errors.INVALID_REPLICA_ASSIGNMENT),
            Map.entry(InvalidReplicationFactorException.class, Errors.INVALID_REPLICATION_FACTOR),
            Map.entry(InvalidRequestException.class, Errors.INVALID_REQUEST),
            Map.entry(InvalidSessionTimeoutException.class, Errors.INVALID_SESSION_TIMEOUT),
            Map.entry(InvalidTopicException.class, Errors.INVALID_TOPIC_EXCEPTION),
            Map.entry(InvalidTransactionTimeoutException.class, Errors.INVALID_TRANSACTION_TIMEOUT),
            Map.entry(InvalidTxnStateException.class, Errors.INVALID_TXN_STATE),
            Map.entry(KafkaStorageException.class, Errors.KAFKA_STORAGE_ERROR),
            Map.entry(MemberIdRequiredException.class, Errors.MEMBER_ID_REQUIRED),
            Map.entry(NonEmptyGroupException.class, Errors.NON_EMPTY_GROUP),
            Map.entry(NotCoordinatorException.class, Errors.NOT_COORDINATOR),
            Map.entry(NotEnoughReplicasException.class, Errors.NOT_ENOUGH_REPLICAS),
            Map.entry(NotLeaderOrFollowerException.class, Errors.NOT_LEADER_OR_FOLLOWER),
            Map.entry(OffsetMetadataTooLargeException.class, Errors.OFFSET_METADATA_TOO_LARGE),
            Map.entry(OffsetOutOfRangeException.class, Errors.OFFSET_OUT_OF_RANGE),
            Map.entry(OutOfOrderSequenceException.class, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER),
            Map.entry(PolicyViolationException.class, Errors.POLICY_VIOLATION),
            Map.entry(PreferredLeaderNotAvailableException.class, Errors.PREFERRED_LEADER_NOT_AVAILABLE),
            Map.entry(ProducerFencedException.class, Errors.PRODUCER_FENCED),
            Map.entry(RebalanceInProgressException.class, Errors.REBALANCE_IN_PROGRESS),
            Map.entry(RecordTooLargeException.class, Errors.MESSAGE_TOO_LARGE),
            Map.entry(RequestTimedOutException.class, Errors.REQUEST_TIMED_OUT),
            Map.entry(StorageFullException.class, Errors.POLICY_VIOLATION),
            Map.entry(TopicAlreadyExistsException.class, Errors.TOPIC_ALREADY_EXISTS),
            Map.entry(TransactionAbortableException.class, Errors.TRANSACTION_ABORTABLE),
            Map.entry(TransactionCoordinatorFencedException.class, Errors.TRANSACTION_COORDINATOR_FENCED),
            Map.entry(TransactionalIdNotFoundException.class, Errors.TRANSACTIONAL_ID_NOT_FOUND),
            Map.entry(UnknownMemberIdException.class, Errors.UNKNOWN_MEMBER_ID),
            Map.entry(InvalidRegularExpressionException.class, Errors.INVALID_REGULAR_EXPRESSION),
            Map.entry(UnsupportedAssignorException.class, Errors.UNSUPPORTED_ASSIGNOR),
            Map.entry(GroupMaxSizeReachedException.class, Errors.GROUP_MAX_SIZE_REACHED),
            Map.entry(UnreleasedInstanceIdException.class, Errors.UNRELEASED_INSTANCE_ID),
            Map.entry(StaleMemberEpochException.class, Errors.STALE_MEMBER_EPOCH),
            Map.entry(FencedMemberEpochException.class, Errors.FENCED_MEMBER_EPOCH),
            Map.entry(UnknownTopicIdException.class, Errors.UNKNOWN_TOPIC_ID),
            Map.entry(UnknownTopicOrPartitionException.class, Errors.UNKNOWN_TOPIC_OR_PARTITION),
            Map.entry(UnsupportedCompressionTypeException.class, Errors.UNSUPPORTED_COMPRESSION_TYPE),
            Map.entry(UnsupportedForMessageFormatException.class, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT));

    private ErrorMapping() {
    }

    /**
     * The Kafka error for a failure. A Kafka {@link ApiException} (raised by a handler, such as a leader
     * epoch check) already names its error. Anything else the table does not name is a bug on our side:
     * it is logged with its stack trace and reported as UNKNOWN_SERVER_ERROR.
     *
     * <p>An {@link Error} (out of memory, say), even one wrapped in a storage exception, has no error code:
     * the broker cannot go on serving, and an answer would hide that. It is thrown again, so that it fails
     * the request on its way out and reaches the listener's {@link KafkaProtocolAdapter.FatalErrorHandler}
     * instead of a client.
     */
    static Errors toError(Throwable failure) {
        Optional<Error> fatal = errorIn(failure);
        if (fatal.isPresent()) {
            throw fatal.get();
        }
        Throwable cause = unwrap(failure);
        Errors error = CODES.get(cause.getClass());
        if (error != null) {
            return error;
        }
        if (cause instanceof ApiException) {
            Errors named = Errors.forException(cause);
            if (named != Errors.UNKNOWN_SERVER_ERROR) {
                return named;
            }
        }
        LOG.error("Unexpected failure while serving a request", cause);
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /**
     * The error of a partition in Metadata and DescribeTopicPartitions: KAFKA_STORAGE_ERROR when its leader's
     * storage is offline, as Kafka answers for a replica in an offline log directory (clients treat it as
     * stale metadata, refresh and retry); LEADER_NOT_AVAILABLE while it has no leader (one is being elected, or
     * the one elected is not ready yet), as Kafka answers. Both make the Java client ask for metadata again soon;
     * a partition answered NONE without a leader would not: a consumer validating its position there would wait
     * for its periodic refresh ({@code metadata.max.age.ms}, 5 minutes) before it reads the partition again.
     */
    static Errors forLeadership(PartitionLeadership leadership) {
        if (leadership.isLeaderOffline()) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
        return leadership.leaderId() == PartitionLeadership.NO_LEADER ? Errors.LEADER_NOT_AVAILABLE : Errors.NONE;
    }

    /**
     * The leader epoch of a partition in Metadata and DescribeTopicPartitions: none (-1) while a leader is being
     * elected, otherwise the partition's epoch, as Kafka answers. The Java client counts metadata answers that bring
     * no newer epoch as "equivalent" and backs off between them up to a second ({@code retry.backoff.max.ms}); an
     * answer without an epoch resets that count, so during an election the client asks again every
     * {@code retry.backoff.ms} (100 ms) and reaches the new leader as soon as it serves. The elected leader's epoch
     * is higher than any named before. A partition that stays without a leader longer than an election takes (no
     * majority of its replicas is up) has its epoch again, and clients back off.
     */
    static int leaderEpoch(PartitionLeadership leadership) {
        return leadership.electing() ? NO_LEADER_EPOCH : leadership.leaderEpoch();
    }

    /** The message to send along with the error code, where the protocol has a field for it. */
    static String message(Throwable failure) {
        return unwrap(failure).getMessage();
    }

    /** The {@link Error} a failure is or carries as a cause, if any. */
    static Optional<Error> errorIn(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof Error error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
