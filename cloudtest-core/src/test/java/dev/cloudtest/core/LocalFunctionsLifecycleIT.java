package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.internal.lambda.FunctionProcess;
import dev.cloudtest.core.journey.Eventually;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No function JVM outlives its run: not after close, not after the test JVM is killed with SIGKILL. */
class LocalFunctionsLifecycleIT {

    @Test
    void function_jvms_end_when_the_run_closes() {
        List<Long> pids = new ArrayList<>();
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .templateResource("stacks/local-function-small.yaml")
                    .build());
            for (String id : List.of("Batch", "Order")) {
                pids.add(((FunctionProcess) run.localFunction(stack, id)).pid().orElseThrow());
            }
            assertThat(pids).allMatch(LocalFunctionsLifecycleIT::running);
        }

        assertThat(pids).noneMatch(LocalFunctionsLifecycleIT::running);
    }

    @Test
    void function_jvms_end_when_their_test_jvm_is_killed() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path classpath = Files.createTempFile("cloudtest-it-classpath", ".args");
            Files.writeString(classpath, "-cp\n\"" + System.getProperty("java.class.path") + "\"\n");
            Process testJvm = new ProcessBuilder(
                            java,
                            "@" + classpath,
                            LocalFunctionsChildMain.class.getName(),
                            run.session().endpoint().orElseThrow().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                List<Long> pids = CompletableFuture.supplyAsync(() -> functionPids(testJvm))
                        .get(120, TimeUnit.SECONDS);
                assertThat(pids).hasSize(2).allMatch(LocalFunctionsLifecycleIT::running);

                testJvm.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                assertThat(testJvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

                Eventually.await("function JVMs of the killed test JVM to end")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(pids).noneMatch(LocalFunctionsLifecycleIT::running));
            } finally {
                testJvm.destroyForcibly();
                Files.deleteIfExists(classpath);
            }
        }
    }

    private static List<Long> functionPids(Process testJvm) {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("PIDS ")) {
                    return Arrays.stream(line.substring(5).trim().split(" "))
                            .map(Long::valueOf)
                            .toList();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the test JVM ended without starting its functions (exit "
                + testJvm.onExit().join().exitValue() + ")");
    }

    /** Alive and not a zombie waiting for a parent (or init) to reap it. */
    private static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
