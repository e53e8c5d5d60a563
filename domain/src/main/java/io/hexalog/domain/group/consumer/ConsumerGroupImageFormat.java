package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.topic.TopicId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The bytes of a {@link ConsumerGroupImage}, one format for every place that keeps it (a store on disk, the entries
 * of a cluster's metadata log), as Kafka's group coordinator owns the schemas of its records in
 * {@code __consumer_offsets}. A version byte, then the fields in a fixed order; a later version must still read
 * this one.
 *
 * <p>A subscription by regular expression is kept as its source, and read back as that source only
 * ({@link TopicPattern#stored}): the coordinator that restores the group compiles it again with the engine it
 * compiles members' patterns with, so that it matches exactly what it matched before.
 */
public final class ConsumerGroupImageFormat {

    private static final byte VERSION = 0;

    private ConsumerGroupImageFormat() {
    }

    public static byte[] write(ConsumerGroupImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(image.groupId().value());
            out.writeInt(image.groupEpoch());
            out.writeInt(image.assignmentEpoch());
            out.writeUTF(image.assignorName());
            out.writeInt(image.subscribedTopics().size());
            for (TopicMetadata topic : image.subscribedTopics().values()) {
                writeTopicId(out, topic.id());
                out.writeUTF(topic.name());
                out.writeInt(topic.partitionCount());
            }
            out.writeInt(image.members().size());
            for (ConsumerGroupMember member : image.members()) {
                writeMember(out, member);
            }
            out.writeInt(image.targetAssignment().size());
            for (Map.Entry<String, PartitionAssignment> target : image.targetAssignment().entrySet()) {
                out.writeUTF(target.getKey());
                writeAssignment(out, target.getValue());
            }
            out.writeInt(image.assignmentEpochs().size());
            for (Map.Entry<String, Map<TopicId, Map<Integer, Integer>>> member : image.assignmentEpochs().entrySet()) {
                out.writeUTF(member.getKey());
                out.writeInt(member.getValue().size());
                for (Map.Entry<TopicId, Map<Integer, Integer>> topic : member.getValue().entrySet()) {
                    writeTopicId(out, topic.getKey());
                    out.writeInt(topic.getValue().size());
                    for (Map.Entry<Integer, Integer> partition : topic.getValue().entrySet()) {
                        out.writeInt(partition.getKey());
                        out.writeInt(partition.getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not an image this format wrote */
    public static ConsumerGroupImage read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("Unknown consumer group image version " + version);
            }
            GroupId groupId = GroupId.of(in.readUTF());
            int groupEpoch = in.readInt();
            int assignmentEpoch = in.readInt();
            String assignor = in.readUTF();
            Map<String, TopicMetadata> topics = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                TopicMetadata topic = new TopicMetadata(readTopicId(in), in.readUTF(), in.readInt());
                topics.put(topic.name(), topic);
            }
            List<ConsumerGroupMember> members = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                members.add(readMember(in));
            }
            Map<String, PartitionAssignment> target = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                target.put(in.readUTF(), readAssignment(in));
            }
            Map<String, Map<TopicId, Map<Integer, Integer>>> epochs = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String member = in.readUTF();
                Map<TopicId, Map<Integer, Integer>> byTopic = new HashMap<>();
                for (int j = in.readInt(); j > 0; j--) {
                    TopicId topic = readTopicId(in);
                    Map<Integer, Integer> partitions = new HashMap<>();
                    for (int k = in.readInt(); k > 0; k--) {
                        partitions.put(in.readInt(), in.readInt());
                    }
                    byTopic.put(topic, partitions);
                }
                epochs.put(member, byTopic);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("A consumer group image followed by " + in.available() + " bytes");
            }
            return new ConsumerGroupImage(groupId, groupEpoch, assignmentEpoch, assignor, topics, members, target, epochs);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable consumer group image", e);
        }
    }

    private static void writeMember(DataOutputStream out, ConsumerGroupMember member) throws IOException {
        out.writeUTF(member.memberId());
        writeOptional(out, member.instanceId());
        writeOptional(out, member.rackId());
        out.writeUTF(member.clientId());
        out.writeUTF(member.clientHost());
        out.writeInt(member.subscribedTopicNames().size());
        for (String topic : member.subscribedTopicNames()) {
            out.writeUTF(topic);
        }
        writeOptional(out, member.subscribedTopicRegex().map(TopicPattern::source));
        writeOptional(out, member.serverAssignor());
        out.writeInt(member.rebalanceTimeoutMs());
        out.writeInt(member.memberEpoch());
        out.writeInt(member.previousMemberEpoch());
        out.writeUTF(member.state().name());
        writeAssignment(out, member.assigned());
        writeAssignment(out, member.pendingRevocation());
        out.writeBoolean(member.classicMetadata().isPresent());
        if (member.classicMetadata().isPresent()) {
            ClassicMemberMetadata classic = member.classicMetadata().get();
            out.writeInt(classic.sessionTimeoutMs());
            out.writeInt(classic.protocols().size());
            for (MemberProtocol protocol : classic.protocols()) {
                out.writeUTF(protocol.name());
                byte[] metadata = protocol.metadata();
                out.writeInt(metadata.length);
                out.write(metadata);
            }
        }
    }

    private static ConsumerGroupMember readMember(DataInputStream in) throws IOException {
        String memberId = in.readUTF();
        Optional<String> instanceId = readOptional(in);
        Optional<String> rackId = readOptional(in);
        String clientId = in.readUTF();
        String clientHost = in.readUTF();
        Set<String> topics = new HashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            topics.add(in.readUTF());
        }
        Optional<TopicPattern> regex = readOptional(in).map(TopicPattern::stored);
        Optional<String> assignor = readOptional(in);
        int rebalanceTimeoutMs = in.readInt();
        int memberEpoch = in.readInt();
        int previousMemberEpoch = in.readInt();
        MemberState state = MemberState.valueOf(in.readUTF());
        PartitionAssignment assigned = readAssignment(in);
        PartitionAssignment pending = readAssignment(in);
        Optional<ClassicMemberMetadata> classic = Optional.empty();
        if (in.readBoolean()) {
            int sessionTimeoutMs = in.readInt();
            List<MemberProtocol> protocols = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                byte[] metadata = new byte[in.readInt()];
                in.readFully(metadata);
                protocols.add(new MemberProtocol(name, metadata));
            }
            classic = Optional.of(new ClassicMemberMetadata(sessionTimeoutMs, protocols));
        }
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, topics, regex, assignor,
                rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state, assigned, pending, classic);
    }

    private static void writeAssignment(DataOutputStream out, PartitionAssignment assignment) throws IOException {
        out.writeInt(assignment.partitions().size());
        for (Map.Entry<TopicId, Set<Integer>> topic : assignment.partitions().entrySet()) {
            writeTopicId(out, topic.getKey());
            out.writeInt(topic.getValue().size());
            for (int partition : topic.getValue()) {
                out.writeInt(partition);
            }
        }
    }

    private static PartitionAssignment readAssignment(DataInputStream in) throws IOException {
        Map<TopicId, Set<Integer>> partitions = new HashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            TopicId topic = readTopicId(in);
            Set<Integer> indexes = new HashSet<>();
            for (int j = in.readInt(); j > 0; j--) {
                indexes.add(in.readInt());
            }
            partitions.put(topic, indexes);
        }
        return new PartitionAssignment(partitions);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    private static void writeTopicId(DataOutputStream out, TopicId id) throws IOException {
        out.writeLong(id.uuid().getMostSignificantBits());
        out.writeLong(id.uuid().getLeastSignificantBits());
    }

    private static TopicId readTopicId(DataInputStream in) throws IOException {
        return new TopicId(new UUID(in.readLong(), in.readLong()));
    }
}
