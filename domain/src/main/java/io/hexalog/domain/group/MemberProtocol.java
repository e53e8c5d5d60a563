package io.hexalog.domain.group;

import java.util.Arrays;
import java.util.Objects;

/** One protocol a member supports (for consumers, an assignor such as "range") with its metadata. */
public record MemberProtocol(String name, byte[] metadata) {

    public MemberProtocol {
        Objects.requireNonNull(name, "name");
        metadata = metadata == null ? new byte[0] : metadata.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemberProtocol that && name.equals(that.name) && Arrays.equals(metadata, that.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(metadata);
    }

    @Override
    public String toString() {
        return name + "(" + metadata.length + " bytes)";
    }
}
