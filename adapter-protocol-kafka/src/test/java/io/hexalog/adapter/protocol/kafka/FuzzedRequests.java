package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How the request fuzz test reads the fuzzer's bytes, and how its seeds are written. The first byte chooses:
 * odd, the rest goes to the connection as it is (size prefixes and all); even, the rest is a list of requests,
 * each an API key (2 bytes), a version (2 bytes), a body length (2 bytes) and the body, which the test frames
 * behind a well-formed header of its own so that the fuzzer spends its time on the bodies.
 */
final class FuzzedRequests {

    static final String CLIENT_ID = "fuzz";
    private static final int FIRST_CORRELATION_ID = 1_000;

    /** One request as framed: what was asked, under which correlation ID. */
    record Sent(short apiKey, short version, int correlationId) {
    }

    /** The bytes for the connection and the requests they hold (none known when the bytes went raw). */
    record Conversation(ByteBuf bytes, List<Sent> requests) {
    }

    private FuzzedRequests() {
    }

    static Conversation read(byte[] input) {
        if (input.length == 0) {
            return new Conversation(Unpooled.EMPTY_BUFFER, List.of());
        }
        if ((input[0] & 1) == 1) {
            return new Conversation(Unpooled.wrappedBuffer(input, 1, input.length - 1), List.of());
        }
        ByteBuffer in = ByteBuffer.wrap(input, 1, input.length - 1);
        ByteBuf frames = Unpooled.buffer();
        List<Sent> requests = new ArrayList<>();
        while (in.remaining() >= 6) {
            short apiKey = in.getShort();
            short version = in.getShort();
            int length = Math.min(Short.toUnsignedInt(in.getShort()), in.remaining());
            byte[] body = new byte[length];
            in.get(body);
            Sent sent = new Sent(apiKey, version, FIRST_CORRELATION_ID + requests.size());
            requests.add(sent);
            byte[] header = header(sent);
            frames.writeInt(header.length + body.length).writeBytes(header).writeBytes(body);
        }
        return new Conversation(frames, requests);
    }

    /** A seed: these requests, written by Kafka's own message classes, in the structured form. */
    static byte[] seed(List<ApiMessage> requests, List<Short> versions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (int i = 0; i < requests.size(); i++) {
            ApiMessage request = requests.get(i);
            short version = versions.get(i);
            ObjectSerializationCache cache = new ObjectSerializationCache();
            ByteBuffer body = ByteBuffer.allocate(request.size(cache, version));
            request.write(new ByteBufferAccessor(body), cache, version);
            writeShort(out, request.apiKey());
            writeShort(out, version);
            writeShort(out, body.capacity());
            out.writeBytes(body.array());
        }
        return out.toByteArray();
    }

    /** A request header in the version the API asks for at this version (v1 for what Kafka does not know). */
    private static byte[] header(Sent sent) {
        short headerVersion = 1;
        if (ApiKeys.hasId(sent.apiKey()) && sent.version() >= 0) {
            try {
                headerVersion = ApiKeys.forId(sent.apiKey()).requestHeaderVersion(sent.version());
            } catch (UnsupportedVersionException e) {
                // An API Kafka 4 no longer serves (LeaderAndIsr, ...): it knows the key but not the header.
            }
        }
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + clientId.length + 1)
                .putShort(sent.apiKey()).putShort(sent.version()).putInt(sent.correlationId())
                .putShort((short) clientId.length).put(clientId);
        if (headerVersion >= 2) {
            header.put((byte) 0); // no tagged fields
        }
        return java.util.Arrays.copyOf(header.array(), header.position());
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
