package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the requests of one connection: parses each frame with Kafka's own message classes, hands it to
 * the API's handler and writes the responses back <em>in request order</em>, whatever order they complete
 * in, because clients match responses to requests by order.
 *
 * <p>A frame that cannot be understood (unknown API key, a version this broker does not serve, a body that
 * does not parse) closes this connection only, with one log line: the peer is not speaking a protocol we
 * can answer. The exception is ApiVersions, which is answered at version 0 whatever version was asked
 * (KIP-511), so that clients can discover what the broker supports.
 *
 * <p>Every parsed request and its answer are told to the listener's {@link ProtocolTrace}, and every request
 * served, with the time it took, to its {@link KafkaProtocolAdapter.TrafficListener}. The lines a client
 * can cause are {@linkplain RateLimitedLog rate-limited} and quote what it sent {@linkplain ClientText escaped}.
 *
 * <p>A response that cannot be encoded (a fault of this broker: a field the version cannot carry, a string too
 * long for the wire) closes the connection with one ERROR line naming the request, after the responses before
 * it are sent: the client matches responses to requests in order and cannot step over a missing one. Kafka's
 * socket server, too, closes a connection whose response it cannot send.
 *
 * <p>However a request ends (its response written, nothing to send, its handler failed, its response not
 * encodable, or its connection closed first) its {@link AfterResponse} runs, once: what its response held,
 * such as a fetch's memory and the storage buffers it read into, goes back.
 *
 * <p>An {@link Error} met while serving (out of memory in a handler, in storage, while encoding) is not an
 * answer: it goes to the {@link KafkaProtocolAdapter.FatalErrorHandler} and the connection closes unanswered.
 *
 * <h2>Back-pressure</h2>
 * Kafka reads a connection's next request only once the previous response has been sent (the channel is
 * muted meanwhile). Hexalog serves a connection's requests side by side, since clients pipeline (the Java
 * client keeps up to five in flight, librdkafka more) and produce gains from it, but it bounds what one
 * connection may have in flight: a request is started only while
 * <ul>
 *   <li>fewer than {@code connection.max.in.flight.requests} requests await their response,</li>
 *   <li>the requests awaiting theirs and this one total at most {@code socket.request.max.bytes} (a lone
 *       request is always started: one request of that size is what Kafka holds per connection too), and</li>
 *   <li>the channel is writable: the responses waiting in its outbound buffer are below the high-water
 *       mark (a client that does not read its responses stops being served).</li>
 * </ul>
 * While a request cannot start, the connection stops reading from its socket ({@code autoRead} off), so
 * the client's further requests wait in the TCP buffers, and it reads again as soon as one can. Frames
 * already read when that happens wait in order in this handler: at most what one read from the socket
 * brought.
 */
final class KafkaRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestHandler.class);
    private static final short API_VERSIONS_FALLBACK_VERSION = 0;

    private final ApiHandlers handlers;
    private final ProtocolTrace trace;
    private final KafkaProtocolAdapter.TrafficListener traffic;
    private final KafkaProtocolAdapter.FatalErrorHandler fatalErrors;
    private final RateLimitedLog log;
    private final int maxInFlightRequests;
    private final int maxInFlightRequestBytes;
    private final ArrayDeque<ByteBuffer> notStarted = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private long inFlightRequestBytes;
    private boolean starting;
    private ChannelHandlerContext context;

    /**
     * @param maxInFlightRequests     the most requests of this connection awaiting their response
     * @param maxInFlightRequestBytes the most bytes those requests may total, unless there is only one
     */
    KafkaRequestHandler(ApiHandlers handlers, ProtocolTrace trace, KafkaProtocolAdapter.FatalErrorHandler fatalErrors,
                        RateLimitedLog log, int maxInFlightRequests, int maxInFlightRequestBytes) {
        this(handlers, trace, KafkaProtocolAdapter.TrafficListener.NONE, fatalErrors, log, maxInFlightRequests,
                maxInFlightRequestBytes);
    }

    /** A handler telling {@code traffic} every request it serves. */
    KafkaRequestHandler(ApiHandlers handlers, ProtocolTrace trace, KafkaProtocolAdapter.TrafficListener traffic,
                        KafkaProtocolAdapter.FatalErrorHandler fatalErrors, RateLimitedLog log,
                        int maxInFlightRequests, int maxInFlightRequestBytes) {
        if (maxInFlightRequests < 1 || maxInFlightRequestBytes < 1) {
            throw new IllegalArgumentException("in-flight limits must be positive: " + maxInFlightRequests
                    + " requests, " + maxInFlightRequestBytes + " bytes");
        }
        this.handlers = handlers;
        this.trace = trace;
        this.traffic = traffic;
        this.fatalErrors = fatalErrors;
        this.log = log;
        this.maxInFlightRequests = maxInFlightRequests;
        this.maxInFlightRequestBytes = maxInFlightRequestBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuffer frame = (ByteBuffer) message;
        if (!ctx.channel().isActive()) {
            return;
        }
        notStarted.add(frame);
        startWhatMayStart();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        startWhatMayStart();
        ctx.fireChannelWritabilityChanged();
    }

    /** The connection is gone: what its requests hold for their responses is given back. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        notStarted.clear();
        inFlight.forEach(request -> request.afterResponse.run());
        inFlight.clear();
        inFlightRequestBytes = 0;
        ctx.fireChannelInactive();
    }

    /**
     * Starts the requests read and not yet started, in order, as far as the limits allow, then reads from
     * the socket only if the next one could start too. Event loop only; a call made while starting (a
     * response completing at once) leaves the work to the loop already running.
     */
    private void startWhatMayStart() {
        if (starting) {
            return;
        }
        starting = true;
        try {
            while (!notStarted.isEmpty() && context.channel().isActive() && mayStart(notStarted.peek().remaining())) {
                start(notStarted.poll());
            }
        } finally {
            starting = false;
        }
        boolean read = notStarted.isEmpty() && mayStart(1);
        if (context.channel().config().isAutoRead() != read) {
            context.channel().config().setAutoRead(read);
        }
    }

    private boolean mayStart(int requestBytes) {
        if (!context.channel().isWritable()) {
            return false;
        }
        return inFlight.isEmpty() || (inFlight.size() < maxInFlightRequests
                && inFlightRequestBytes + requestBytes <= maxInFlightRequestBytes);
    }

    private void start(ByteBuffer frame) {
        try {
            serve(context, frame);
        } catch (RuntimeException e) {
            log.warn(LOG, "unparsable request", "Closing connection from {}: cannot parse request ({})",
                    context.channel().remoteAddress(), ClientText.escape(e));
            context.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, ByteBuffer frame) {
        int requestBytes = frame.remaining();
        short apiKeyId = frame.getShort(0);
        short version = frame.getShort(2);
        if (!ApiKeys.hasId(apiKeyId)) {
            closeUnsupported(ctx, "unknown API key " + apiKeyId);
            return;
        }
        ApiKeys apiKey = ApiKeys.forId(apiKeyId);
        Optional<ApiHandler<?, ?>> handler = handlers.find(apiKey, version);
        if (handler.isEmpty()) {
            if (apiKey == ApiKeys.API_VERSIONS && handlers.find(apiKey).isPresent()) {
                answerUnsupportedApiVersions(frame, version, requestBytes);
                return;
            }
            closeUnsupported(ctx, apiKey + " version " + version + " is not served");
            return;
        }
        long startNanos = System.nanoTime();
        RequestHeader header = RequestHeader.parse(frame);
        AbstractRequest request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
        AfterResponse afterResponse = new AfterResponse();
        RequestContext requestContext = new RequestContext(header, ctx.channel().remoteAddress(), afterResponse,
                ctx.executor());
        ProtocolTrace.Exchange traced = trace.begin(header, request.data());
        CompletableFuture<ApiMessage> response = dispatch(handler.get(), requestContext, request.data())
                .exceptionally(failure -> {
                    if (ErrorMapping.unwrap(failure) instanceof CloseConnectionException close) {
                        throw close;
                    }
                    Optional<Error> fatal = ErrorMapping.errorIn(failure);
                    if (fatal.isPresent()) {
                        fatalErrors.onFatalError("serving " + apiKey.name, fatal.get());
                        throw fatal.get();
                    }
                    Errors error = ErrorMapping.toError(failure);
                    return request.getErrorResponse(error.exception(ErrorMapping.message(failure))).data();
                });
        if (traffic != KafkaProtocolAdapter.TrafficListener.NONE) {
            response.whenComplete((ignored, failure) ->
                    traffic.requestCompleted(apiKey.name, System.nanoTime() - startNanos));
        }
        enqueue(new InFlight(header, version, response, traced, requestBytes, afterResponse));
    }

    @SuppressWarnings("unchecked")
    private static <Q extends ApiMessage> CompletableFuture<ApiMessage> dispatch(
            ApiHandler<Q, ?> handler, RequestContext context, ApiMessage request) {
        try {
            // Widening R to ApiMessage is safe: the future is only read.
            return (CompletableFuture<ApiMessage>) handler.handle(context, (Q) request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** KIP-511: a too-new ApiVersions request gets a v0 answer listing what is supported. */
    private void answerUnsupportedApiVersions(ByteBuffer frame, short askedVersion, int requestBytes) {
        int correlationId = frame.getInt(4);
        RequestHeader header = new RequestHeader(new RequestHeaderData()
                .setRequestApiKey(ApiKeys.API_VERSIONS.id)
                .setRequestApiVersion(API_VERSIONS_FALLBACK_VERSION)
                .setCorrelationId(correlationId), (short) 0);
        ApiVersionsResponseData body = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(handlers.advertisedVersions());
        // The trace names the version asked for; the client ID stays unread, as the rest of the request.
        RequestHeader asked = new RequestHeader(header.data().duplicate().setRequestApiVersion(askedVersion)
                .setClientId(null), header.headerVersion());
        ProtocolTrace.Exchange traced = trace.begin(asked, new ApiVersionsRequestData());
        enqueue(new InFlight(header, API_VERSIONS_FALLBACK_VERSION, CompletableFuture.completedFuture(body), traced,
                requestBytes, new AfterResponse()));
    }

    private void closeUnsupported(ChannelHandlerContext ctx, String why) {
        log.warn(LOG, "unsupported request", "Closing connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void enqueue(InFlight request) {
        inFlight.add(request);
        inFlightRequestBytes += request.requestBytes;
        if (request.response.isDone()) {
            writeCompleted();
        } else {
            request.response.whenComplete((ignored, failure) -> context.executor().execute(this::writeCompletedLater));
        }
    }

    /** {@link #writeCompleted()} as an event-loop task, whose errors Netty would log and forget. */
    private void writeCompletedLater() {
        try {
            writeCompleted();
        } catch (Error e) {
            fatalErrors.onFatalError("writing responses", e);
            context.close();
        } catch (RuntimeException e) {
            log.warn(LOG, "response failure", "Closing connection from {}: writing a response failed ({})",
                    context.channel().remoteAddress(), ClientText.escape(e));
            context.close();
        }
    }

    /**
     * Writes every response at the head of the queue that is ready, in request order, then starts what
     * waited for them. Event loop only.
     */
    private void writeCompleted() {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response.isDone()) {
            InFlight done = inFlight.poll();
            inFlightRequestBytes -= done.requestBytes;
            Answer answer;
            try {
                answer = answer(done);
            } catch (RuntimeException | Error e) {
                // Whatever failed, the request is over: what its response held goes back (run() is idempotent).
                done.afterResponse.run();
                throw e;
            }
            if (answer == Answer.CLOSED) {
                return;
            }
            wrote |= answer == Answer.WRITTEN;
        }
        if (wrote) {
            context.flush();
        }
        startWhatMayStart();
    }

    /** How a request whose response is ready ended. */
    private enum Answer {
        /** Its response is written (the write's listener runs its {@link AfterResponse}). */
        WRITTEN,
        /** Nothing is sent for it: acks=0, or the connection has gone. */
        NOTHING_SENT,
        /** The connection is closed instead: every request of it is over. */
        CLOSED
    }

    private Answer answer(InFlight done) {
        if (done.response.isCompletedExceptionally()) {
            done.afterResponse.run();
            closeInsteadOfAnswering(done);
            return Answer.CLOSED;
        }
        ApiMessage body = done.response.join();
        if (body == null || !context.channel().isActive()) {
            done.traced.answered(body);
            done.afterResponse.run();
            return Answer.NOTHING_SENT;
        }
        List<Object> encoded;
        try {
            encoded = encode(done.header, done.version, body);
        } catch (RuntimeException e) {
            done.afterResponse.run();
            closeUnencodable(done, e);
            return Answer.CLOSED;
        }
        done.traced.answered(body);
        // A failed write closes the connection and fails the writes after it: the last one's listener always runs.
        ChannelFuture last = null;
        for (Object message : encoded) {
            last = context.write(message);
        }
        last.addListener(written -> done.afterResponse.run());
        return Answer.WRITTEN;
    }

    private void closeInsteadOfAnswering(InFlight request) {
        Throwable reason = ErrorMapping.unwrap(request.response.handle((body, failure) -> failure).join());
        request.traced.closed(reason.getMessage());
        log.info(LOG, "closed instead of answering", "Closing connection from {}: {}", context.channel().remoteAddress(),
                ClientText.escape(reason.getMessage()));
        closeWithPendingRequests();
    }

    /**
     * A response that cannot be encoded is a fault of this broker, not of the client, and leaves a hole in the
     * stream of responses the client cannot step over: it matches responses to requests in order. Kafka's
     * socket server closes the connection when a response cannot be sent; so does this, and says which.
     */
    private void closeUnencodable(InFlight request, RuntimeException failure) {
        request.traced.closed("the response cannot be encoded: " + failure);
        log.error(LOG, "unencodable response",
                "Closing connection from {}: cannot encode the {} v{} response to correlation ID {} ({})",
                context.channel().remoteAddress(), request.header.apiKey().name, request.version,
                request.header.correlationId(), ClientText.escape(failure));
        LOG.debug("The response that could not be encoded failed with", failure);
        closeWithPendingRequests();
    }

    /** Sends what was written before, then closes: the requests after the one that ends the connection are over. */
    private void closeWithPendingRequests() {
        notStarted.clear();
        inFlight.forEach(other -> other.afterResponse.run());
        inFlight.clear();
        inFlightRequestBytes = 0;
        context.flush();
        context.close();
    }

    /**
     * The response framed for the socket, as the messages to write in order; a failure gives back whatever buffers it
     * had taken.
     */
    private List<Object> encode(RequestHeader header, short version, ApiMessage body) {
        short headerVersion = header.apiKey().responseHeaderVersion(version);
        ResponseHeaderData responseHeader = new ResponseHeaderData().setCorrelationId(header.correlationId());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = responseHeader.size(cache, headerVersion) + body.size(cache, version);
        ByteBufWritable writable = new ByteBufWritable(context.alloc(), 4 + size);
        try {
            writable.writeInt(size);
            responseHeader.write(writable, cache, headerVersion);
            body.write(writable, cache, version);
            return writable.finish();
        } catch (RuntimeException | Error e) {
            writable.discard();
            throw e;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Netty hands some errors over wrapped in its own exceptions.
        Optional<Error> fatal = ErrorMapping.errorIn(cause);
        if (fatal.isPresent()) {
            fatalErrors.onFatalError("serving a connection", fatal.get());
        } else {
            log.warn(LOG, "connection failure", "Closing connection from {}: {}", ctx.channel().remoteAddress(),
                    ClientText.escape(cause));
        }
        ctx.close();
    }

    private record InFlight(RequestHeader header, short version, CompletableFuture<? extends ApiMessage> response,
                            ProtocolTrace.Exchange traced, int requestBytes, AfterResponse afterResponse) {
    }
}
