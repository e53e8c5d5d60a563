package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
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
 * <p>Every parsed request and its answer are told to the listener's {@link ProtocolTrace}. The lines a client
 * can cause are {@linkplain RateLimitedLog rate-limited} and quote what it sent {@linkplain ClientText escaped}.
 *
 * <p>An {@link Error} met while serving (out of memory in a handler, in storage, while encoding) is not an
 * answer: it goes to the {@link KafkaProtocolAdapter.FatalErrorHandler} and the connection closes unanswered.
 */
final class KafkaRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestHandler.class);
    private static final short API_VERSIONS_FALLBACK_VERSION = 0;

    private final ApiHandlers handlers;
    private final ProtocolTrace trace;
    private final KafkaProtocolAdapter.FatalErrorHandler fatalErrors;
    private final RateLimitedLog log;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ChannelHandlerContext context;

    KafkaRequestHandler(ApiHandlers handlers, ProtocolTrace trace, KafkaProtocolAdapter.FatalErrorHandler fatalErrors,
                        RateLimitedLog log) {
        this.handlers = handlers;
        this.trace = trace;
        this.fatalErrors = fatalErrors;
        this.log = log;
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
        try {
            serve(ctx, frame);
        } catch (RuntimeException e) {
            log.warn(LOG, "unparsable request", "Closing connection from {}: cannot parse request ({})",
                    ctx.channel().remoteAddress(), ClientText.escape(e));
            ctx.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, ByteBuffer frame) {
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
                answerUnsupportedApiVersions(frame, version);
                return;
            }
            closeUnsupported(ctx, apiKey + " version " + version + " is not served");
            return;
        }
        RequestHeader header = RequestHeader.parse(frame);
        AbstractRequest request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
        RequestContext requestContext = new RequestContext(header, ctx.channel().remoteAddress());
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
        enqueue(new InFlight(header, version, response, traced));
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
    private void answerUnsupportedApiVersions(ByteBuffer frame, short askedVersion) {
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
        enqueue(new InFlight(header, API_VERSIONS_FALLBACK_VERSION, CompletableFuture.completedFuture(body), traced));
    }

    private void closeUnsupported(ChannelHandlerContext ctx, String why) {
        log.warn(LOG, "unsupported request", "Closing connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void enqueue(InFlight request) {
        inFlight.add(request);
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
        }
    }

    /** Writes every response at the head of the queue that is ready, in request order. Event loop only. */
    private void writeCompleted() {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response.isDone()) {
            InFlight done = inFlight.poll();
            if (done.response.isCompletedExceptionally()) {
                closeInsteadOfAnswering(done);
                return;
            }
            ApiMessage body = done.response.join();
            done.traced.answered(body);
            if (body != null && context.channel().isActive()) {
                context.write(encode(done.header, done.version, body));
                wrote = true;
            }
        }
        if (wrote) {
            context.flush();
        }
    }

    private void closeInsteadOfAnswering(InFlight request) {
        Throwable reason = ErrorMapping.unwrap(request.response.handle((body, failure) -> failure).join());
        request.traced.closed(reason.getMessage());
        log.info(LOG, "closed instead of answering", "Closing connection from {}: {}", context.channel().remoteAddress(),
                ClientText.escape(reason.getMessage()));
        inFlight.clear();
        context.flush();
        context.close();
    }

    private ByteBuf encode(RequestHeader header, short version, ApiMessage body) {
        short headerVersion = header.apiKey().responseHeaderVersion(version);
        ResponseHeaderData responseHeader = new ResponseHeaderData().setCorrelationId(header.correlationId());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = responseHeader.size(cache, headerVersion) + body.size(cache, version);
        ByteBufWritable writable = new ByteBufWritable(context.alloc(), 4 + size);
        writable.writeInt(size);
        responseHeader.write(writable, cache, headerVersion);
        body.write(writable, cache, version);
        return writable.finish();
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
                            ProtocolTrace.Exchange traced) {
    }
}
