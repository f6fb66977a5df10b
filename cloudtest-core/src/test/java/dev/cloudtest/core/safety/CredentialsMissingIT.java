package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The aws target without any credentials, in a child JVM with a clean environment: it fails as "no target" at once,
 * without waiting on the instance metadata service and without a single connection. Every proxy setting points at a
 * loopback trap, so if anything tried to reach AWS or IMDS, the trap would count it instead of the request leaving
 * the machine.
 */
class CredentialsMissingIT {

    @Test
    void aws_target_without_credentials_is_unavailable_fast_and_connects_nowhere() throws Exception {
        Path home = Files.createTempDirectory("cloudtest-no-credentials");
        Path empty = Files.writeString(home.resolve("empty"), "");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket ignored = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            String port = Integer.toString(trap.getLocalPort());
            Map<String, String> environment = Map.of(
                    "AWS_EC2_METADATA_DISABLED",
                    "true",
                    "AWS_CONFIG_FILE",
                    empty.toString(),
                    "AWS_SHARED_CREDENTIALS_FILE",
                    empty.toString(),
                    "HOME",
                    home.toString(),
                    "HTTPS_PROXY",
                    "http://127.0.0.1:" + port,
                    "HTTP_PROXY",
                    "http://127.0.0.1:" + port);
            List<String> jvmArgs = List.of(
                    "-Duser.home=" + home,
                    "-Dhttps.proxyHost=127.0.0.1",
                    "-Dhttps.proxyPort=" + port,
                    "-Dhttp.proxyHost=127.0.0.1",
                    "-Dhttp.proxyPort=" + port);

            Map<String, String> result;
            try (ChildJvm jvm = ChildJvm.start(jvmArgs, environment, home, "aws-without-credentials")) {
                result = jvm.readUntil("MILLIS", Duration.ofSeconds(60));
                assertThat(jvm.waitFor(Duration.ofSeconds(10))).isTrue();
            }

            assertThat(result.get("EXCEPTION")).isEqualTo("dev.cloudtest.core.exception.TargetUnavailableException");
            assertThat(result.get("MESSAGE"))
                    .contains("No usable AWS credentials for the aws target")
                    .contains("cloudtest.profile")
                    .as("AWS_EC2_METADATA_DISABLED was honoured")
                    .containsIgnoringCase("disabled");
            assertThat(Long.parseLong(result.get("MILLIS")))
                    .as("no IMDS timeouts")
                    .isLessThan(5_000);
            assertThat(connections).as("connections to the trap").hasValue(0);
            System.out.println(
                    "credentials missing: failed in " + result.get("MILLIS") + " ms: " + result.get("MESSAGE"));
        }
    }
}
