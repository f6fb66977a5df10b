package dev.cloudtest.core.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A port that was free when chosen can be taken before moto binds it (parallel forks, a busy CI machine): moto exits
 * with "Address already in use", and cloudtest starts it again on another port instead of failing the run.
 */
class EmulatorPortIT {

    @Test
    void a_port_taken_before_moto_binds_it_is_replaced_by_another() throws Exception {
        CloudTestConfig config = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .build();
        Toolchains.MotoCommand moto = Toolchains.motoServer(config, Optional.empty());
        Path logs = Files.createTempDirectory("cloudtest-emulator-port");
        AtomicInteger calls = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            try (EmulatorProcess emulator = EmulatorProcess.start(
                    moto,
                    logs,
                    () -> calls.getAndIncrement() == 0 ? taken.getLocalPort() : EmulatorProcess.freePort())) {
                assertThat(calls.get()).as("ports tried").isEqualTo(2);
                assertThat(emulator.endpoint().getPort()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
