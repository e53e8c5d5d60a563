package io.hexalog.bootstrap;

import io.hexalog.adapter.protocol.kafka.KafkaServer;

import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Turns the Kafka listener's failure to bind into one line an operator can act on, naming the address,
 * instead of the stack trace of a {@link BindException}.
 */
final class ListenerStartFailure {

    private ListenerStartFailure() {
    }

    /**
     * Binds the listener, which accepts no connection yet ({@link KafkaServer#bind()}).
     *
     * @throws BrokerStartupException saying why the listener cannot bind
     */
    static void bindOrExplain(KafkaServer server, ServerConfig.Listener listener) throws InterruptedException {
        try {
            server.bind();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof IllegalArgumentException invalid && !(e instanceof UnresolvedAddressException)) {
                throw invalid;
            }
            // Netty rethrows the bind failure, a checked exception, without declaring it.
            throw new BrokerStartupException(explain(listener.host() + ":" + listener.port(), e), e);
        }
    }

    static String explain(String address, Exception failure) {
        String prefix = "Cannot listen for Kafka clients on " + address + ": ";
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        if (failure instanceof UnresolvedAddressException) {
            return prefix + "the host name does not resolve (--host, listeners)";
        }
        if (message.contains("already in use")) {
            return prefix + "the port is already in use, by another broker or program; choose another with "
                    + "--port or listeners";
        }
        if (message.contains("cannot assign requested address") || message.contains("can't assign requested")) {
            return prefix + "this machine has no such address; give one of its addresses, or 0.0.0.0 for all of "
                    + "them, with --host or listeners";
        }
        if (failure instanceof SocketException || failure instanceof IllegalArgumentException) {
            return prefix + failure.getMessage();
        }
        return prefix + failure;
    }
}
