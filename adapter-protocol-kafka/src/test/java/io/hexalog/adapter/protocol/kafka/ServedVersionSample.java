package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request to send at one version of its API, and what the response to it must show.
 *
 * @param expectation asserts on the parsed response
 */
record ServedVersionSample(ApiMessage request, Consumer<AbstractResponse> expectation) {

    /** A request whose response carries no error anywhere. */
    static ServedVersionSample answeredWithoutError(ApiMessage request) {
        return new ServedVersionSample(request, response -> assertThat(response.errorCounts().keySet())
                .as("errors in %s", response.data()).isSubsetOf(Errors.NONE));
    }

    /** A request whose response, of type {@code type}, must meet {@code expectation}. */
    static <R extends AbstractResponse> ServedVersionSample answered(ApiMessage request, Class<R> type,
                                                                     Consumer<R> expectation) {
        return new ServedVersionSample(request, response -> {
            assertThat(response).isInstanceOf(type);
            expectation.accept(type.cast(response));
        });
    }
}
