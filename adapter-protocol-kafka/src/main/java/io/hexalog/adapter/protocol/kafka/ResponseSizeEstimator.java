package io.hexalog.adapter.protocol.kafka;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Counts what a response waiting in a connection's outbound buffer will send, so that the write buffer's water marks
 * ({@link KafkaServer#WRITE_BUFFER_HIGH_WATER_MARK}) see batches sent from the store's files too. Netty's default
 * counts a {@link FileRegion} as nothing: a client that sends fetches and reads no responses would then be served
 * without end, each response holding the files it sends from open (and the disk room of those deleted meanwhile).
 */
final class ResponseSizeEstimator implements MessageSizeEstimator {

    static final ResponseSizeEstimator INSTANCE = new ResponseSizeEstimator();

    private static final Handle HANDLE = new Handle() {
        private final Handle buffers = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object message) {
            if (message instanceof FileRegion region) {
                return (int) Math.min(Integer.MAX_VALUE, region.count() - region.transferred());
            }
            return buffers.size(message);
        }
    };

    private ResponseSizeEstimator() {
    }

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
