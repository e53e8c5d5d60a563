package io.hexalog.adapter.http.admin;

/**
 * A request answered with an error body: the HTTP status and Confluent's error code, which is the status
 * itself or a refinement of it (40002 for a request Kafka refused, 40403 for an unknown topic or partition).
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Kafka refused the request as invalid: Confluent's {@code 40002}. */
    static final int KAFKA_BAD_REQUEST = 40002;
    /** No such topic or partition: Confluent's {@code 40403}. */
    static final int UNKNOWN_TOPIC_OR_PARTITION = 40403;

    private final int status;
    private final int errorCode;

    ApiException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, 400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, 404, message);
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }
}
