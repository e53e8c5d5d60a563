package io.hexalog.adapter.http.admin;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.PolicyViolationException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Every failure answered with Confluent's error body, {@code {"error_code", "message"}}, and the status it
 * gives the same failure: 404 for what does not exist, 400 for a request that cannot be done, 409 for a
 * group that must be empty and is not, 421 (Misdirected Request) for what only another node of a cluster can do
 * now (produce to or read from a partition it leads, change a group it coordinates), 500 (logged)
 * for anything unexpected. The one mapping table of the HTTP adapter.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final String ANSWERED = ApiErrors.class.getName() + ".answered";

    private ApiErrors() {
    }

    static void addTo(RoutesConfig routes) {
        routes.exception(Exception.class, (exception, ctx) -> answer(ctx, toApiException(exception)));
        // Routes that do not exist, or exist for other methods, get the same body as every other error.
        routes.error(404, "*", ctx -> answerUnlessAnswered(ctx, ApiException.notFound("HTTP 404 Not Found")));
        routes.error(405, "*", ctx -> answerUnlessAnswered(ctx,
                new ApiException(405, 405, "HTTP 405 Method Not Allowed")));
    }

    static ApiException toApiException(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof UnknownTopicOrPartitionException) {
            return new ApiException(404, ApiException.UNKNOWN_TOPIC_OR_PARTITION, failure.getMessage());
        }
        if (failure instanceof TopicAlreadyExistsException || failure instanceof InvalidPartitionsException
                || failure instanceof InvalidReplicationFactorException
                || failure instanceof InvalidConfigurationException || failure instanceof InvalidTopicException
                || failure instanceof InvalidRequestException) {
            return new ApiException(400, ApiException.KAFKA_BAD_REQUEST, failure.getMessage());
        }
        if (failure instanceof GroupIdNotFoundException) {
            return ApiException.notFound(failure.getMessage());
        }
        if (failure instanceof RecordTooLargeException || failure instanceof CorruptRecordException
                || failure instanceof InvalidRecordException || failure instanceof PolicyViolationException
                || failure instanceof OffsetOutOfRangeException) {
            return new ApiException(400, ApiException.KAFKA_BAD_REQUEST, failure.getMessage());
        }
        // A group with members, or one that gained members while its offsets were being reset.
        if (failure instanceof NonEmptyGroupException || failure instanceof UnknownMemberIdException
                || failure instanceof IllegalGenerationException || failure instanceof RebalanceInProgressException) {
            return new ApiException(409, 409, failure.getMessage());
        }
        // In a cluster: the partition's leader or the group's coordinator is another node, or is being elected.
        if (failure instanceof NotLeaderOrFollowerException || failure instanceof NotCoordinatorException
                || failure instanceof CoordinatorNotAvailableException) {
            return new ApiException(421, 421, failure.getMessage());
        }
        if (failure instanceof HttpResponseException http) {
            return new ApiException(http.getStatus(), http.getStatus(), http.getMessage());
        }
        LOG.error("Admin HTTP request failed unexpectedly", failure);
        return new ApiException(500, 500, "Internal server error: " + failure);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static void answer(Context ctx, ApiException error) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(error.status()).json(new ErrorBody(error.errorCode(), error.getMessage()));
    }

    private static void answerUnlessAnswered(Context ctx, ApiException error) {
        if (ctx.attribute(ANSWERED) == null) {
            answer(ctx, error);
        }
    }

    /** Confluent's error body. */
    record ErrorBody(int errorCode, String message) {
    }
}
