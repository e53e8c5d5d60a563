package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.InvalidReplicaAssignmentException;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.error.UnsupportedCompressionTypeException;
import io.hexalog.domain.error.UnsupportedForMessageFormatException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one table from the broker's failures to Kafka's wire error codes. */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private static final Map<Class<? extends HexalogException>, Errors> CODES = Map.ofEntries(
            Map.entry(CorruptRecordException.class, Errors.CORRUPT_MESSAGE),
            Map.entry(InvalidConfigurationException.class, Errors.INVALID_CONFIG),
            Map.entry(InvalidPartitionsException.class, Errors.INVALID_PARTITIONS),
            Map.entry(InvalidProducerEpochException.class, Errors.INVALID_PRODUCER_EPOCH),
            Map.entry(InvalidRecordException.class, Errors.INVALID_RECORD),
            Map.entry(InvalidReplicaAssignmentException.class, Errors.INVALID_REPLICA_ASSIGNMENT),
            Map.entry(InvalidReplicationFactorException.class, Errors.INVALID_REPLICATION_FACTOR),
            Map.entry(InvalidRequestException.class, Errors.INVALID_REQUEST),
            Map.entry(InvalidTopicException.class, Errors.INVALID_TOPIC_EXCEPTION),
            Map.entry(KafkaStorageException.class, Errors.KAFKA_STORAGE_ERROR),
            Map.entry(OffsetOutOfRangeException.class, Errors.OFFSET_OUT_OF_RANGE),
            Map.entry(OutOfOrderSequenceException.class, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER),
            Map.entry(RecordTooLargeException.class, Errors.MESSAGE_TOO_LARGE),
            Map.entry(TopicAlreadyExistsException.class, Errors.TOPIC_ALREADY_EXISTS),
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
     */
    static Errors toError(Throwable failure) {
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

    /** The message to send along with the error code, where the protocol has a field for it. */
    static String message(Throwable failure) {
        return unwrap(failure).getMessage();
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
