package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A client connection over a real socket, sending bytes as they are: the view a peer has of the listener. */
final class RawConnection implements AutoCloseable {

    /** How long a read waits before the test calls the connection open. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private int nextCorrelationId = 1;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    static RawConnection open(InetSocketAddress listener) {
        try {
            Socket socket = new Socket(listener.getAddress(), listener.getPort());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the broker answers an ApiVersions request on this connection. */
    boolean isServed() {
        try {
            RequestHeader header = KafkaWire.header(new ApiVersionsRequestData(), (short) 3, nextCorrelationId++);
            send(KafkaWire.bytes(KafkaWire.frame(header, new ApiVersionsRequestData()
                    .setClientSoftwareName("raw").setClientSoftwareVersion("1"))));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[4 + in.readInt()];
            ByteBuffer.wrap(frame).putInt(frame.length - 4);
            in.readFully(frame, 4, frame.length - 4);
            ApiVersionsResponse response = (ApiVersionsResponse) KafkaWire.parseResponse(Unpooled.wrappedBuffer(frame),
                    header);
            return response.data().errorCode() == Errors.NONE.code();
        } catch (EOFException | SocketException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * Waits for the broker to close this connection without sending anything first.
     *
     * @throws AssertionError if the broker sends bytes, or keeps the connection open for the read timeout
     */
    void awaitClosedByBroker() {
        try {
            int read = socket.getInputStream().read();
            if (read != -1) {
                throw new AssertionError("The broker sent a byte instead of closing the connection");
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The broker kept the connection open for " + READ_TIMEOUT);
        } catch (SocketException e) {
            // reset by the broker: closed too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
