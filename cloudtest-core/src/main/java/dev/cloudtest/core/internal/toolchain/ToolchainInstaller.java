package dev.cloudtest.core.internal.toolchain;

import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.Loggers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Installs the toolchain of a {@link ToolchainLock} into {@code <cache>/toolchain-<hash>}, once per machine, the way
 * Testcontainers pulls an image: a progress line while pip works, then never again (offline from then on).
 *
 * <p>Safe when builds install at once: an exclusive file lock ({@code toolchain-<hash>.lock}) serializes them across
 * processes (a JVM-wide lock within one), and the environment counts as installed only once its marker file is
 * written, last. A directory without the marker is a crashed install and is removed and installed afresh, under the
 * lock. A finished environment is never moved: its scripts hold absolute paths.
 */
final class ToolchainInstaller {
    private static final Logger LOG = Loggers.get(ToolchainInstaller.class);
    static final String MARKER = ".cloudtest-complete";
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration PIP_TIMEOUT = Duration.ofMinutes(15);

    static final String HOW_TO_GET_PYTHON = "Install Python 3.9 or later with its venv module (Debian/Ubuntu: "
            + "`sudo apt-get install python3 python3-venv`; Fedora: `sudo dnf install python3`; macOS: "
            + "`brew install python`) or point cloudtest.toolchain.python at one. Without Python: start moto yourself "
            + "and set cloudtest.endpoint, or use cloudtest.target=container (Docker) or aws (a sandbox account).";

    private ToolchainInstaller() {}

    /** The directory the lock's toolchain lives in under a cache root. */
    static Path directory(Path cacheRoot, ToolchainLock lock) {
        return cacheRoot.resolve("toolchain-" + lock.hash());
    }

    /** Whether the lock's toolchain is installed (complete) under the cache root. */
    static boolean installed(Path cacheRoot, ToolchainLock lock) {
        return Files.isRegularFile(directory(cacheRoot, lock).resolve(MARKER));
    }

    /**
     * The lock's toolchain under the cache root, installed first if it is not.
     *
     * @throws TargetUnavailableException when it cannot be installed, saying what to do
     */
    static Toolchain ensure(Path cacheRoot, String python, ToolchainLock lock) {
        Path dir = directory(cacheRoot, lock);
        String origin = "the toolchain cache " + dir;
        if (installed(cacheRoot, lock)) {
            return Toolchain.at(dir, origin);
        }
        IN_THIS_JVM.lock();
        try {
            Files.createDirectories(cacheRoot);
            Path lockFile = cacheRoot.resolve("toolchain-" + lock.hash() + ".lock");
            try (FileChannel channel =
                    FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock held = channel.tryLock();
                if (held == null) {
                    LOG.info("cloudtest: another build is installing the emulator toolchain into {}; waiting", dir);
                    held = channel.lock();
                }
                try {
                    if (!installed(cacheRoot, lock)) {
                        install(dir, python, lock);
                    }
                } finally {
                    held.release();
                }
            }
            return Toolchain.at(dir, origin);
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "Cannot install the emulator toolchain into " + dir + ": " + e.getMessage()
                            + ". Make the directory writable or set cloudtest.toolchain.cache to one that is.",
                    e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private static void install(Path dir, String python, ToolchainLock lock) throws IOException {
        if (Files.exists(dir)) {
            LOG.info("cloudtest: removing an unfinished toolchain install at {}", dir);
            deleteRecursively(dir);
        }
        checkPython(python);
        long started = System.nanoTime();
        LOG.info(
                "cloudtest: installing the emulator toolchain ({}) into {}: once per machine, about a minute; "
                        + "later runs start at once and offline",
                lock.summary(),
                dir);
        Files.createDirectories(dir.getParent());
        Path log = dir.getParent().resolve("toolchain-" + lock.hash() + "-install.log");
        Result venv = run(List.of(python, "-m", "venv", dir.toString()), log, Duration.ofMinutes(2), null);
        if (venv.exit() != 0) {
            deleteRecursively(dir);
            String output = venv.output();
            if (output.contains("ensurepip") || output.contains("No module named venv")) {
                throw new TargetUnavailableException("Python's venv module is missing, so cloudtest cannot create "
                        + "its toolchain environment ('" + python + " -m venv' said: " + lastLine(output) + "). "
                        + "Debian/Ubuntu: `sudo apt-get install python3-venv` (python3.X-venv for Python 3.X); "
                        + "other systems ship it with Python. " + HOW_TO_GET_PYTHON);
            }
            throw new TargetUnavailableException("'" + python + " -m venv " + dir + "' failed (exit " + venv.exit()
                    + "): " + lastLine(output) + ". " + HOW_TO_GET_PYTHON);
        }
        Path requirements = dir.resolve("toolchain.lock");
        Files.writeString(requirements, lock.content(), StandardCharsets.UTF_8);
        int total = (int) lock.content()
                .lines()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .count();
        Result pip = run(pipInstall(dir, List.of("-r", requirements.toString())), log, PIP_TIMEOUT, total);
        if (pip.exit() == 0 && !lock.withoutDependencies().isEmpty()) {
            List<String> noDeps = new java.util.ArrayList<>(List.of("--no-deps"));
            noDeps.addAll(lock.withoutDependencies());
            pip = run(pipInstall(dir, noDeps), log, PIP_TIMEOUT, null);
        }
        if (pip.exit() != 0) {
            deleteRecursively(dir);
            String output = pip.output();
            boolean offline = output.contains("NewConnectionError")
                    || output.contains("Temporary failure in name resolution")
                    || output.contains("No matching distribution")
                    || output.contains("Could not find a version")
                    || output.contains("Network is unreachable");
            throw new TargetUnavailableException("Installing the emulator toolchain (" + lock.summary()
                    + ") failed: pip exited " + pip.exit() + ". Its last lines (full log " + log + "):\n"
                    + tail(output, 8) + "\n"
                    + (offline
                            ? "This machine cannot reach PyPI. Install the toolchain once where it can and copy the "
                                    + "cache directory, or set PIP_INDEX_URL to a mirror (see the README, "
                                    + "'The emulator toolchain')."
                            : "Fix the cause above and run again; the next run starts a fresh install."));
        }
        Files.writeString(dir.resolve(MARKER), lock.summary() + "\n", StandardCharsets.UTF_8);
        LOG.info(
                "cloudtest: installed the emulator toolchain ({}) in {}",
                lock.summary(),
                Durations.format(Duration.ofNanos(System.nanoTime() - started)));
    }

    /** {@code pip install} in the environment, quiet about itself, with bounded retries and timeouts. */
    private static List<String> pipInstall(Path dir, List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(
                dir.resolve("bin/python").toString(),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--retries",
                "2",
                "--timeout",
                "30"));
        command.addAll(arguments);
        return command;
    }

    private static void checkPython(String python) {
        Result version;
        try {
            version = run(
                    List.of(
                            python,
                            "-c",
                            "import sys; print('%d.%d' % sys.version_info[:2]); sys.exit(0 if sys.version_info >= (3, 9)"
                                    + " else 3)"),
                    null,
                    Duration.ofSeconds(30),
                    null);
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "No Python 3 to install the emulator toolchain with: '" + python + "' cannot be started ("
                            + e.getMessage() + "). " + HOW_TO_GET_PYTHON,
                    e);
        }
        if (version.exit() == 3) {
            throw new TargetUnavailableException("'" + python + "' is Python "
                    + version.output().strip() + "; the emulator toolchain needs 3.9 or later. " + HOW_TO_GET_PYTHON);
        }
        if (version.exit() != 0) {
            throw new TargetUnavailableException("'" + python + "' is not a working Python 3 (exit " + version.exit()
                    + "): " + lastLine(version.output()) + ". " + HOW_TO_GET_PYTHON);
        }
    }

    record Result(int exit, String output) {}

    /** Runs a command, its output appended to the log (if any); counts pip's packages when {@code total} is set. */
    private static Result run(List<String> command, Path log, Duration timeout, Integer total) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        AtomicInteger packages = new AtomicInteger();
        long started = System.nanoTime();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            Writer out = log == null
                                    ? Writer.nullWriter()
                                    : Files.newBufferedWriter(
                                            log,
                                            StandardCharsets.UTF_8,
                                            StandardOpenOption.CREATE,
                                            StandardOpenOption.APPEND)) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            synchronized (output) {
                                output.append(line).append('\n');
                            }
                            out.write(line + "\n");
                            if (line.startsWith("Collecting ") || line.startsWith("Requirement already satisfied")) {
                                packages.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "cloudtest-toolchain-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = started + timeout.toNanos();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        try {
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new TargetUnavailableException("'" + String.join(" ", command) + "' did not finish within "
                            + Durations.format(timeout) + (log == null ? "." : "; its log: " + log));
                }
                if (total != null && now > nextProgress) {
                    LOG.info(
                            "cloudtest: installing the emulator toolchain: {} of {} packages collected, {}",
                            Math.min(packages.get(), total),
                            total,
                            Durations.format(Duration.ofNanos(now - started)));
                    nextProgress = now + PROGRESS_EVERY.toNanos();
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while installing the emulator toolchain.");
        }
        synchronized (output) {
            return new Result(process.exitValue(), output.toString());
        }
    }

    private static String lastLine(String output) {
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private static String tail(String output, int count) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
