package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FixedPortsTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldPickDistinctPortsBelowTheSystemsEphemeralRange() throws IOException {
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0).trim().split("\\s+")[0]);
        Set<Integer> picked = new HashSet<>();

        for (int i = 0; i < 20; i++) {
            picked.add(FixedPorts.free());
        }

        assertThat(picked).hasSize(20).allSatisfy(port -> assertThat(port).isLessThan(ephemeralStart));
    }
}
