package io.hexalog.benchmarks.probe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Opens many connections and leaves them idle, or with a frame begun and never finished, then counts how many
 * the broker accepted and how many it has closed after a wait.
 */
@Command(name = "idle-connections", mixinStandardHelpOptions = true,
        description = "Opens idle or half-sent connections and reports how many the broker keeps.")
final class IdleConnectionsScenario implements Callable<Integer> {

    @Mixin
    BrokerTarget broker;

    @Option(names = "--count", defaultValue = "2000", description = "Connections to open. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--half-frames", description = "Send the first bytes of a 100-byte request on each, then nothing.")
    boolean halfFrames;

    @Option(names = "--wait-seconds", defaultValue = "10", description = "How long to leave them. Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        List<SocketChannel> open = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(broker.host, broker.port));
                if (halfFrames) {
                    channel.write(ByteBuffer.allocate(14).putInt(100).putShort((short) 18).putShort((short) 3)
                            .putInt(i).putShort((short) 0).flip());
                }
                channel.configureBlocking(false);
                open.add(channel);
            } catch (IOException e) {
                refused++;
            }
        }
        System.out.printf("opened %d connections%s, %d refused at connect%n", open.size(),
                halfFrames ? " with a half-sent frame" : "", refused);
        int closedSoon = closedByBroker(open, 1_000);
        System.out.printf("closed by the broker within 1 s: %d%n", closedSoon);
        Thread.sleep(waitSeconds * 1000L);
        int closedLater = closedByBroker(open, 0);
        System.out.printf("closed by the broker after %d s: %d; still open: %d%n", waitSeconds, closedLater,
                open.size() - closedLater);
        System.out.println("broker: " + broker.describeHealth());
        for (SocketChannel channel : open) {
            channel.close();
        }
        return broker.answers() ? 0 : 1;
    }

    private static int closedByBroker(List<SocketChannel> channels, long settleMillis) throws InterruptedException {
        Thread.sleep(settleMillis);
        int closed = 0;
        ByteBuffer scratch = ByteBuffer.allocate(64);
        for (SocketChannel channel : channels) {
            try {
                scratch.clear();
                if (channel.read(scratch) < 0) {
                    closed++;
                }
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }
}
