package dev.cloudtest.core.internal.target;

import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A moto server started by cloudtest on a free loopback port. It runs under a small POSIX shell watchdog that
 * reads the JVM's pipe: when the JVM ends — normally, or killed with SIGKILL — the pipe closes and the watchdog
 * stops the server, so no emulator outlives its run.
 */
public final class EmulatorProcess implements AutoCloseable {
    private static final Logger LOG = Loggers.get(EmulatorProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process watchdog;
    private final URI endpoint;
    private final Path log;
    private final EmulatorCallbacks callbacks;
    private final Thread shutdownHook;

    private EmulatorProcess(Process watchdog, URI endpoint, Path log, EmulatorCallbacks callbacks) {
        this.watchdog = watchdog;
        this.endpoint = endpoint;
        this.log = log;
        this.callbacks = callbacks;
        this.shutdownHook = new Thread(this::stop, "cloudtest-emulator-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Where the server answers. */
    public URI endpoint() {
        return endpoint;
    }

    /** The port where the server sends the calls it makes to itself (Step Functions tasks). */
    public EmulatorCallbacks callbacks() {
        return callbacks;
    }

    /**
     * Starts moto server and waits until it answers.
     *
     * @param moto the command that starts it (see {@link Toolchains#motoServer})
     * @param logDirectory where the server's output goes
     */
    public static EmulatorProcess start(Toolchains.MotoCommand moto, Path logDirectory) {
        return start(moto, logDirectory, EmulatorProcess::freePort);
    }

    /** The same, with the ports to try from {@code ports} (tests give a taken one first). */
    static EmulatorProcess start(Toolchains.MotoCommand moto, Path logDirectory, java.util.function.IntSupplier ports) {
        // The port is free when chosen, but another process may take it before moto binds it (parallel forks, CI
        // machines running several builds): moto then exits with "Address already in use", and a new port is tried.
        for (int attempt = 1; ; attempt++) {
            try {
                return start(moto, logDirectory, ports.getAsInt());
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw e.failure;
                }
                LOG.info("cloudtest: port {} was taken before the emulator could bind it; trying another", e.port);
            }
        }
    }

    /** The chosen port was taken by another process before moto bound it. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TargetUnavailableException failure;
        private final int port;

        PortTaken(int port, TargetUnavailableException failure) {
            super(failure.getMessage(), null, false, false);
            this.port = port;
            this.failure = failure;
        }
    }

    private static EmulatorProcess start(Toolchains.MotoCommand moto, Path logDirectory, int port) {
        List<String> base = moto.command();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        List<String> full = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                // The server runs in the background; a watcher stops it when the JVM's pipe delivers a line or closes
                // (the JVM ended, however it ended). The shell exits with the server, so a crash is seen at once.
                "exec 3<&0; \"$@\" </dev/null & child=$!; "
                        + "(read _unused <&3; kill $child 2>/dev/null) & watcher=$!; "
                        + "trap 'kill $child 2>/dev/null' TERM INT; "
                        + "wait $child; status=$?; kill $watcher 2>/dev/null; exit $status",
                "cloudtest-emulator"));
        full.addAll(base);
        full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log;
        Process process;
        EmulatorCallbacks callbacks = null;
        try {
            Files.createDirectories(logDirectory);
            log = logDirectory.resolve("emulator-" + port + ".log");
            callbacks = EmulatorCallbacks.start(endpoint);
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            // moto calls itself (Step Functions tasks, CloudFormation's custom resources) on MOTO_PORT.
            builder.environment().put("MOTO_PORT", Integer.toString(callbacks.port()));
            process = builder.redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            if (callbacks != null) {
                callbacks.close();
            }
            throw new TargetUnavailableException(
                    "Cannot start the emulator with '" + String.join(" ", base) + "': " + e.getMessage() + ". "
                            + HOW_TO_INSTALL,
                    e);
        }
        EmulatorProcess emulator = new EmulatorProcess(process, endpoint, log, callbacks);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long started = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (answers(endpoint)) {
                LOG.info(
                        "cloudtest: started {} at {} in {} ms (log: {})",
                        moto.describe(),
                        endpoint,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        log);
                return emulator;
            }
            if (!process.isAlive()) {
                String output = tail(log);
                emulator.close();
                TargetUnavailableException failure = new TargetUnavailableException("The emulator '"
                        + String.join(" ", base) + "' exited before answering. Its output:\n" + output + "\n"
                        + HOW_TO_INSTALL);
                if (output.contains("Address already in use")) {
                    throw new PortTaken(port, failure);
                }
                throw failure;
            }
            sleep(50);
        }
        String output = tail(log);
        emulator.close();
        throw new TargetUnavailableException("The emulator did not answer at " + endpoint + " within "
                + START_TIMEOUT.toSeconds() + " s. Its output:\n" + output);
    }

    static final String HOW_TO_INSTALL = "Unset cloudtest.emulator.command to let cloudtest install its own moto, "
            + "set it to a command that starts moto server, or choose another target with cloudtest.target / "
            + "cloudtest.endpoint.";

    /** The configured {@code cloudtest.emulator.command}, split and checked to exist. */
    public static List<String> split(String command) {
        List<String> parts = List.of(command.trim().split("\\s+"));
        if (parts.isEmpty() || parts.get(0).isEmpty()) {
            throw new TargetUnavailableException("cloudtest.emulator.command is empty. " + HOW_TO_INSTALL);
        }
        String executable = parts.get(0);
        boolean found = executable.contains("/")
                ? Files.isExecutable(Path.of(executable))
                : Toolchains.onPath(executable).isPresent();
        if (!found) {
            throw new TargetUnavailableException(
                    "The emulator command '" + executable + "' (cloudtest.emulator.command) "
                            + (executable.contains("/") ? "does not exist or is not executable. " : "is not on PATH. ")
                            + HOW_TO_INSTALL);
        }
        return parts;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TargetUnavailableException("No free loopback port for the emulator: " + e.getMessage(), e);
        }
    }

    /** Whether an emulator answers at the endpoint ({@code GET /moto-api/} within 2 s). */
    public static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() < 500;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while waiting for the emulator to start.");
        }
    }

    private void stop() {
        if (!watchdog.isAlive()) {
            return;
        }
        try (OutputStream pipe = watchdog.getOutputStream()) {
            pipe.write('\n');
        } catch (IOException e) {
            // the watchdog is gone already
        }
        try {
            if (!watchdog.waitFor(10, TimeUnit.SECONDS)) {
                watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
                watchdog.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
            watchdog.destroyForcibly();
        }
    }

    /** The server's log file. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop();
        callbacks.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (harmlessly) anyway
        }
        LOG.debug("cloudtest: stopped the emulator at {}", endpoint);
    }
}
