package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The zero-setup default on a machine with Python 3 and no moto anywhere: each child JVM runs in a directory with no
 * {@code .venv-moto} above it and a fresh toolchain cache. The first runs install the toolchain from PyPI (two at once:
 * one installs, the other waits for it), provision and pass; the next starts without installing; with no Python the
 * run fails saying what to install.
 */
class ToolchainInstallIT {
    private static final Duration INSTALL = Duration.ofMinutes(10);

    @Test
    void two_builds_at_once_install_the_toolchain_once_and_pass_and_the_next_run_installs_nothing() throws Exception {
        Path machine = Files.createTempDirectory("cloudtest-fresh-machine");
        Path cache = machine.resolve("cache");
        Path project = Files.createDirectories(machine.resolve("project"));
        try (ChildJvm first = start(project, cache);
                ChildJvm second = start(project, cache)) {
            assertThat(first.waitFor(INSTALL)).as("first run ended").isTrue();
            assertThat(second.waitFor(INSTALL)).as("second run ended").isTrue();
            for (ChildJvm run : List.of(first, second)) {
                assertThat(run.stdout()).as(run.stderr()).contains("RECEIVED hello", "PASSED");
            }
            String logs = first.stderr() + second.stderr();
            assertThat(logs).contains("installing the emulator toolchain (moto 5.2.5");
            assertThat(logs.split("installed the emulator toolchain", -1))
                    .as("installed exactly once")
                    .hasSize(2);
            assertThat(logs).contains("another build is installing the emulator toolchain");
            assertThat(logs).contains("started moto 5.2.5 from the toolchain cache " + cache);
            var lock = dev.cloudtest.core.internal.toolchain.ToolchainLock.shipped();
            assertThat(dev.cloudtest.core.internal.toolchain.Toolchain.at(
                                    cache.resolve("toolchain-" + lock.hash()), "the fresh cache")
                            .version(dev.cloudtest.core.internal.toolchain.ToolchainLock.SAM_CLI))
                    .as("the lock's #no-deps package, installed after the rest")
                    .isEqualTo(lock.version(dev.cloudtest.core.internal.toolchain.ToolchainLock.SAM_CLI));
        }
        try (ChildJvm again = start(project, cache)) {
            assertThat(again.waitFor(Duration.ofMinutes(3))).isTrue();
            assertThat(again.stdout()).as(again.stderr()).contains("PASSED");
            assertThat(again.stderr()).doesNotContain("installing the emulator toolchain");
        } finally {
            delete(machine);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void without_python_the_run_fails_saying_what_to_install() throws Exception {
        Path machine = Files.createTempDirectory("cloudtest-no-python");
        Path project = Files.createDirectories(machine.resolve("project"));
        try (ChildJvm run = ChildJvm.startIn(
                project,
                environment(),
                "fresh-machine",
                machine.resolve("cache").toString(),
                "/nonexistent/python3")) {
            assertThat(run.waitFor(Duration.ofMinutes(2))).isTrue();
            assertThat(String.join("\n", run.stdout()))
                    .contains("FAILED No Python 3 to install the emulator toolchain with")
                    .contains("apt-get install python3 python3-venv")
                    .contains("brew install python")
                    .contains("cloudtest.toolchain.python");
        }
    }

    @Test
    void without_the_venv_module_the_run_fails_naming_the_package() throws Exception {
        Path machine = Files.createTempDirectory("cloudtest-no-venv");
        Path project = Files.createDirectories(machine.resolve("project"));
        // A Python whose venv cannot bootstrap pip, as Debian's python3 without python3-venv answers.
        Path python = machine.resolve("python3");
        Files.writeString(
                python,
                "#!/bin/sh\nif [ \"$1\" = -m ] && [ \"$2\" = venv ]; then\n"
                        + "  echo 'The virtual environment was not created successfully because ensurepip is not\n"
                        + "available.  On Debian/Ubuntu systems, you need to install the python3-venv package' >&2\n"
                        + "  exit 1\nfi\nexec python3 \"$@\"\n");
        python.toFile().setExecutable(true);
        try (ChildJvm run = ChildJvm.startIn(
                project,
                environment(),
                "fresh-machine",
                machine.resolve("cache").toString(),
                python.toString())) {
            assertThat(run.waitFor(Duration.ofMinutes(2))).isTrue();
            assertThat(String.join("\n", run.stdout()))
                    .contains("FAILED Python's venv module is missing")
                    .contains("sudo apt-get install python3-venv");
        }
        assertThat(Files.exists(machine.resolve("cache/toolchain-" + lockHash())))
                .as("no half-made environment is left")
                .isFalse();
    }

    private static ChildJvm start(Path project, Path cache) throws IOException {
        return ChildJvm.startIn(project, environment(), "fresh-machine", cache.toString());
    }

    /** The parent's environment without anything that points at a moto. */
    private static Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("CLOUDTEST_"));
        return env;
    }

    private static String lockHash() {
        return dev.cloudtest.core.internal.toolchain.ToolchainLock.shipped().hash();
    }
}
