package io.hexalog.domain.error;

/**
 * A request is well formed but a broker policy refuses it, such as a limit on how many partitions one request
 * may create or one broker may host (Kafka's POLICY_VIOLATION).
 */
public final class PolicyViolationException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public PolicyViolationException(String message) {
        super(message);
    }
}
