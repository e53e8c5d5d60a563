package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiMessage;

/**
 * What the protocol trace says about one API: the key fields of its requests and responses (topics,
 * partitions, offsets, groups, members, error names, sizes of record batches rather than their records).
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
interface ApiSummary<Q extends ApiMessage, R extends ApiMessage> {

    void request(Q request, short version, TraceText text);

    void response(R response, short version, TraceText text);
}
