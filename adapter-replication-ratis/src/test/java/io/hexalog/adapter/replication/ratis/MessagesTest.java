package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void shouldCarryTheBytesAsTheyAreAndShowThemInLogsAsPrintableHex() {
        byte[] command = CommandCodec.encode(new CommandCodec.ShardLeader("shard-1", 2, 7));

        Message message = Messages.of(command);

        assertThat(message.getContent().toByteArray()).isEqualTo(command);
        assertThat(message.toString()).startsWith("Message:4200077368617264").matches("\\p{Print}+");
    }
}
