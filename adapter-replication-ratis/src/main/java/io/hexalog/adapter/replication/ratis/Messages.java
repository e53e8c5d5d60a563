package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.StringUtils;

/**
 * The Ratis messages this adapter sends and answers: its commands, entries and answers as they are, never copied,
 * each shown in Ratis' logs by the hex of its first bytes. Ratis 3.3.0 shows a message's raw bytes by default, which
 * puts NUL and other control bytes of the binary commands into the broker's log: {@code grep} then calls the whole
 * log a binary file.
 */
final class Messages {

    private Messages() {
    }

    static Message of(byte[] bytes) {
        ByteString content = UnsafeByteOperations.unsafeWrap(bytes);
        return Message.valueOf(content, () -> "Message:" + StringUtils.bytes2HexShortString(content));
    }
}
