package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Topic values in the catalog: a version byte (2), the topic ID (two int64), the name, the partition count
 * (int32), the number of configs (int32) and each config's key and value, then the replication factor (int32).
 * Strings are an int32 length and UTF-8 bytes; everything is big-endian. Configs are written sorted so that equal
 * topics encode equally. Version 1 values, written before topics had a replication factor, end after the configs
 * and are read with one replica: they were written by a single broker, or rebuilt from a cluster's metadata log.
 */
final class TopicCodec {

    private static final byte VERSION_WITHOUT_REPLICAS = 1;
    private static final byte VERSION = 2;

    private TopicCodec() {
    }

    static byte[] encode(Topic topic) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(topic.id().uuid().getMostSignificantBits());
            out.writeLong(topic.id().uuid().getLeastSignificantBits());
            writeString(out, topic.name().value());
            out.writeInt(topic.partitionCount());
            out.writeInt(topic.configs().size());
            for (Map.Entry<String, String> config : new TreeMap<>(topic.configs()).entrySet()) {
                writeString(out, config.getKey());
                writeString(out, config.getValue());
            }
            out.writeInt(topic.replicationFactor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Topic decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION && version != VERSION_WITHOUT_REPLICAS) {
            throw new IllegalStateException("Unknown topic record version " + version);
        }
        TopicId id = new TopicId(new UUID(buffer.getLong(), buffer.getLong()));
        TopicName name = TopicName.of(readString(buffer));
        int partitionCount = buffer.getInt();
        int configCount = buffer.getInt();
        Map<String, String> configs = new HashMap<>();
        for (int i = 0; i < configCount; i++) {
            configs.put(readString(buffer), readString(buffer));
        }
        int replicationFactor = version == VERSION ? buffer.getInt() : 1;
        return new Topic(name, id, partitionCount, replicationFactor, configs);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer buffer) {
        byte[] utf8 = new byte[buffer.getInt()];
        buffer.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
