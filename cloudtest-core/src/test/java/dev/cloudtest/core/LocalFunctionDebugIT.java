package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cloudtest.debug: the function's JVM starts suspended with a JDWP agent and the run waits until a debugger attaches.
 * The test plays the IDE: the JDWP handshake, then VirtualMachine.Resume.
 */
class LocalFunctionDebugIT {

    @Test
    void the_debugged_function_waits_for_the_debugger_and_then_serves_invocations() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CloudTestConfig config = TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS, "UpperCase")
                .set(CloudTestConfig.DEBUG, "UpperCase:" + port)
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            CompletableFuture<Stack> provisioned = CompletableFuture.supplyAsync(() -> run.provision(StackSpec.builder()
                    .templateResource("stacks/local-functions.yaml")
                    .build()));

            try (Socket debugger = connect(port, Duration.ofSeconds(60))) {
                assertThat(provisioned).as("still waiting for the debugger").isNotDone();
                OutputStream out = debugger.getOutputStream();
                DataInputStream in = new DataInputStream(debugger.getInputStream());
                out.write("JDWP-Handshake".getBytes(StandardCharsets.US_ASCII));
                byte[] handshake = new byte[14];
                in.readFully(handshake);
                assertThat(new String(handshake, StandardCharsets.US_ASCII)).isEqualTo("JDWP-Handshake");
                // Command packet: length 11, id 1, flags 0, command set 1 (VirtualMachine), command 9 (Resume).
                out.write(new byte[] {0, 0, 0, 11, 0, 0, 0, 1, 0, 1, 9});
                out.flush();

                Stack stack = provisioned.get(60, TimeUnit.SECONDS);
                assertThat(run.localFunction(stack, "UpperCase").invoke("{\"word\": \"paused\"}"))
                        .isEqualTo("{\"WORD\": \"PAUSED\"}");
            }
        }
    }

    /** Connects once the function's JVM listens (it starts after the stack is created). */
    private static Socket connect(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // polling for the listener to appear; bounded by the deadline
            }
        }
    }
}
