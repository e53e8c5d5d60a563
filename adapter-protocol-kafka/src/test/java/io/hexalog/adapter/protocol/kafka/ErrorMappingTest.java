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
import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.error.UnsupportedAssignorException;
import io.hexalog.domain.error.GroupMaxSizeReachedException;
import io.hexalog.domain.error.UnreleasedInstanceIdException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.FencedMemberEpochException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.error.UnsupportedCompressionTypeException;
import io.hexalog.domain.error.UnsupportedForMessageFormatException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorMappingTest {

    /** What a Kafka broker answers for each domain failure. */
    private static final Map<Class<? extends HexalogException>, Errors> EXPECTED = Map.ofEntries(
            entry(ConcurrentTransactionsException.class, Errors.CONCURRENT_TRANSACTIONS),
            entry(CoordinatorNotAvailableException.class, Errors.COORDINATOR_NOT_AVAILABLE),
            entry(CorruptRecordException.class, Errors.CORRUPT_MESSAGE),
            entry(ElectionNotNeededException.class, Errors.ELECTION_NOT_NEEDED),
            entry(EligibleLeadersNotAvailableException.class, Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE),
            entry(FencedInstanceIdException.class, Errors.FENCED_INSTANCE_ID),
            entry(GroupIdNotFoundException.class, Errors.GROUP_ID_NOT_FOUND),
            entry(GroupSubscribedToTopicException.class, Errors.GROUP_SUBSCRIBED_TO_TOPIC),
            entry(IllegalGenerationException.class, Errors.ILLEGAL_GENERATION),
            entry(InconsistentGroupProtocolException.class, Errors.INCONSISTENT_GROUP_PROTOCOL),
            entry(InvalidConfigurationException.class, Errors.INVALID_CONFIG),
            entry(InvalidGroupIdException.class, Errors.INVALID_GROUP_ID),
            entry(InvalidPartitionsException.class, Errors.INVALID_PARTITIONS),
            entry(InvalidProducerEpochException.class, Errors.INVALID_PRODUCER_EPOCH),
            entry(InvalidProducerIdMappingException.class, Errors.INVALID_PRODUCER_ID_MAPPING),
            entry(InvalidRecordException.class, Errors.INVALID_RECORD),
            entry(InvalidReplicaAssignmentException.class, Errors.INVALID_REPLICA_ASSIGNMENT),
            entry(InvalidReplicationFactorException.class, Errors.INVALID_REPLICATION_FACTOR),
            entry(InvalidRequestException.class, Errors.INVALID_REQUEST),
            entry(InvalidSessionTimeoutException.class, Errors.INVALID_SESSION_TIMEOUT),
            entry(InvalidTopicException.class, Errors.INVALID_TOPIC_EXCEPTION),
            entry(InvalidTransactionTimeoutException.class, Errors.INVALID_TRANSACTION_TIMEOUT),
            entry(InvalidTxnStateException.class, Errors.INVALID_TXN_STATE),
            entry(KafkaStorageException.class, Errors.KAFKA_STORAGE_ERROR),
            entry(MemberIdRequiredException.class, Errors.MEMBER_ID_REQUIRED),
            entry(NonEmptyGroupException.class, Errors.NON_EMPTY_GROUP),
            entry(NotCoordinatorException.class, Errors.NOT_COORDINATOR),
            entry(NotEnoughReplicasException.class, Errors.NOT_ENOUGH_REPLICAS),
            entry(NotLeaderOrFollowerException.class, Errors.NOT_LEADER_OR_FOLLOWER),
            entry(OffsetMetadataTooLargeException.class, Errors.OFFSET_METADATA_TOO_LARGE),
            entry(OffsetOutOfRangeException.class, Errors.OFFSET_OUT_OF_RANGE),
            entry(OutOfOrderSequenceException.class, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER),
            entry(PolicyViolationException.class, Errors.POLICY_VIOLATION),
            entry(PreferredLeaderNotAvailableException.class, Errors.PREFERRED_LEADER_NOT_AVAILABLE),
            entry(ProducerFencedException.class, Errors.PRODUCER_FENCED),
            entry(RebalanceInProgressException.class, Errors.REBALANCE_IN_PROGRESS),
            entry(RecordTooLargeException.class, Errors.MESSAGE_TOO_LARGE),
            entry(RequestTimedOutException.class, Errors.REQUEST_TIMED_OUT),
            entry(StorageFullException.class, Errors.POLICY_VIOLATION),
            entry(TopicAlreadyExistsException.class, Errors.TOPIC_ALREADY_EXISTS),
            entry(TransactionAbortableException.class, Errors.TRANSACTION_ABORTABLE),
            entry(TransactionCoordinatorFencedException.class, Errors.TRANSACTION_COORDINATOR_FENCED),
            entry(TransactionalIdNotFoundException.class, Errors.TRANSACTIONAL_ID_NOT_FOUND),
            entry(UnknownMemberIdException.class, Errors.UNKNOWN_MEMBER_ID),
            entry(InvalidRegularExpressionException.class, Errors.INVALID_REGULAR_EXPRESSION),
            entry(UnsupportedAssignorException.class, Errors.UNSUPPORTED_ASSIGNOR),
            entry(GroupMaxSizeReachedException.class, Errors.GROUP_MAX_SIZE_REACHED),
            entry(UnreleasedInstanceIdException.class, Errors.UNRELEASED_INSTANCE_ID),
            entry(StaleMemberEpochException.class, Errors.STALE_MEMBER_EPOCH),
            entry(FencedMemberEpochException.class, Errors.FENCED_MEMBER_EPOCH),
            entry(UnknownTopicIdException.class, Errors.UNKNOWN_TOPIC_ID),
            entry(UnknownTopicOrPartitionException.class, Errors.UNKNOWN_TOPIC_OR_PARTITION),
            entry(UnsupportedCompressionTypeException.class, Errors.UNSUPPORTED_COMPRESSION_TYPE),
            entry(UnsupportedForMessageFormatException.class, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT));

    static Stream<Map.Entry<Class<? extends HexalogException>, Errors>> domainErrors() {
        return EXPECTED.entrySet().stream();
    }

    @ParameterizedTest
    @MethodSource("domainErrors")
    void shouldMapEachDomainErrorToItsKafkaError(Map.Entry<Class<? extends HexalogException>, Errors> expected)
            throws ReflectiveOperationException {
        // given
        HexalogException failure = expected.getKey().getConstructor(String.class).newInstance("boom");

        // when
        Errors error = ErrorMapping.toError(failure);

        // then
        assertThat(error).isEqualTo(expected.getValue());
        assertThat(ErrorMapping.message(failure)).contains("boom");
    }

    @ParameterizedTest
    @MethodSource("domainErrors")
    void shouldSeeThroughFutureWrappers(Map.Entry<Class<? extends HexalogException>, Errors> expected)
            throws ReflectiveOperationException {
        // given
        HexalogException cause = expected.getKey().getConstructor(String.class).newInstance("wrapped");

        // when
        Errors error = ErrorMapping.toError(new CompletionException(new ExecutionException(cause)));

        // then
        assertThat(error).isEqualTo(expected.getValue());
    }

    @Test
    void shouldCoverEveryDomainErrorClass() throws IOException, URISyntaxException {
        // when
        Set<String> domainErrorClasses = domainErrorClassNames();

        // then
        assertThat(domainErrorClasses).isNotEmpty();
        assertThat(EXPECTED.keySet().stream().map(Class::getName).collect(Collectors.toSet()))
                .isEqualTo(domainErrorClasses);
    }

    @Test
    void shouldKeepTheErrorOfAKafkaApiException() {
        // when
        Errors error = ErrorMapping.toError(new CompletionException(Errors.FENCED_LEADER_EPOCH.exception()));

        // then
        assertThat(error).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void shouldMapUnexpectedFailureToUnknownServerError() {
        // when
        Errors error = ErrorMapping.toError(new CompletionException(new IllegalStateException("bug")));

        // then
        assertThat(error).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void shouldThrowAnErrorAgainInsteadOfMappingIt() {
        // given
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");

        // when / then
        assertThatThrownBy(() -> ErrorMapping.toError(new CompletionException(error))).isSameAs(error);
    }

    @Test
    void shouldThrowAnErrorAgainWhenAStorageExceptionCarriesIt() {
        // given a partition that went offline because its store ran out of memory
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        KafkaStorageException storage = new KafkaStorageException("Storing batches of orders-0 failed", error);

        // when / then
        assertThatThrownBy(() -> ErrorMapping.toError(new CompletionException(storage))).isSameAs(error);
    }

    /** Every concrete subclass of HexalogException in the domain's error package. */
    private static Set<String> domainErrorClassNames() throws IOException, URISyntaxException {
        Path location = Path.of(HexalogException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = HexalogException.class.getPackageName().replace('.', '/');
        if (Files.isDirectory(location)) {
            return classNamesIn(location.resolve(packagePath));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classNamesIn(jar.getPath(packagePath));
        }
    }

    private static Set<String> classNamesIn(Path directory) throws IOException {
        String packageName = HexalogException.class.getPackageName();
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> packageName + "." + name.substring(0, name.length() - ".class".length()))
                    .filter(ErrorMappingTest::isConcreteDomainError)
                    .collect(Collectors.toSet());
        }
    }

    private static boolean isConcreteDomainError(String className) {
        try {
            Class<?> type = Class.forName(className);
            return HexalogException.class.isAssignableFrom(type)
                    && !Modifier.isAbstract(type.getModifiers());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
