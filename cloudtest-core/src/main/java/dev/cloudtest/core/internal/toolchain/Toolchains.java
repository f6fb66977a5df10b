package dev.cloudtest.core.internal.toolchain;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Loggers;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Which toolchain a run uses, in the documented order (README, "The emulator toolchain").
 *
 * <p>moto server for the {@code emulator} target: {@code cloudtest.emulator.command} &gt; a {@code .venv-moto} in the
 * working directory or a parent &gt; the per-user cache (installed on demand from the shipped {@link ToolchainLock})
 * &gt; a {@code moto_server} on {@code PATH}, only when the cache cannot be installed and only when its moto version is
 * in {@link #SUPPORTED_MOTO}.
 *
 * <p>cfn-lint and the SAM translator, for every emulator target ({@code cloudtest.endpoint} and containers too): a
 * project {@code .venv-moto} that holds them &gt; the cache (installed on demand).
 */
public final class Toolchains {
    private static final Logger LOG = Loggers.get(Toolchains.class);
    /** The moto versions cloudtest supports from other sources than its own lock: 5.1 up to, not including, 6. */
    public static final String SUPPORTED_MOTO = "5.1 <= moto < 6";

    private Toolchains() {}

    /** How moto server is started, and the toolchain it belongs to when it is one. */
    public record MotoCommand(List<String> command, String origin, Optional<String> version) {
        public MotoCommand {
            command = List.copyOf(command);
        }

        /** {@code moto 5.2.5 from the toolchain cache /home/u/.cache/cloudtest/toolchain-1a2b}: for the log. */
        public String describe() {
            return "moto " + version.orElse("(version unknown)") + " from " + origin;
        }
    }

    /** The cache root: {@code cloudtest.toolchain.cache}, else {@code $XDG_CACHE_HOME/cloudtest}, else {@code ~/.cache/cloudtest}. */
    public static Path cacheRoot(CloudTestConfig config) {
        return config.raw(CloudTestConfig.TOOLCHAIN_CACHE)
                .map(Path::of)
                .orElseGet(() -> Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"))
                        .resolve("cloudtest"))
                .toAbsolutePath();
    }

    /** The interpreter the cache is installed with: {@code cloudtest.toolchain.python}, else {@code python3}. */
    static String python(CloudTestConfig config) {
        return config.raw(CloudTestConfig.TOOLCHAIN_PYTHON).orElse("python3");
    }

    /**
     * The command for the emulator target's moto server. Configured commands are returned as they are; the others are
     * {@code python -m moto.server} of a toolchain.
     *
     * @throws TargetUnavailableException when none is found and none can be installed, saying what to do
     */
    public static MotoCommand motoServer(CloudTestConfig config, Optional<List<String>> configured) {
        if (configured.isPresent()) {
            return new MotoCommand(
                    configured.get(),
                    "cloudtest.emulator.command (" + config.describe(CloudTestConfig.EMULATOR_COMMAND) + ")",
                    Optional.empty());
        }
        Optional<Toolchain> project = projectVenv().filter(Toolchain::hasMoto);
        if (project.isPresent()) {
            Toolchain venv = project.get();
            String version = venv.version(ToolchainLock.MOTO).orElseThrow();
            String pinned = ToolchainLock.shipped().version(ToolchainLock.MOTO).orElse("?");
            if (!version.equals(pinned)) {
                LOG.warn(
                        "cloudtest: the project's {} holds moto {}, not the {} this cloudtest is tested with; "
                                + "reinstall it (scripts/emulator.sh install) or remove it to use the toolchain cache",
                        venv.venv(),
                        version,
                        pinned);
            }
            return new MotoCommand(venv.motoServer(), venv.origin(), Optional.of(version));
        }
        Path root = cacheRoot(config);
        ToolchainLock lock = ToolchainLock.shipped();
        try {
            Toolchain cached = ToolchainInstaller.ensure(root, python(config), lock);
            return new MotoCommand(cached.motoServer(), cached.origin(), cached.version(ToolchainLock.MOTO));
        } catch (TargetUnavailableException installFailed) {
            Optional<Path> onPath = onPath("moto_server");
            if (onPath.isEmpty()) {
                throw installFailed;
            }
            Optional<String> version = versionOf(onPath.get());
            if (version.isPresent() && supported(version.get())) {
                LOG.warn(
                        "cloudtest: the toolchain cache cannot be installed ({}); using moto {} on PATH ({}) instead",
                        firstLine(installFailed.getMessage()),
                        version.get(),
                        onPath.get());
                return new MotoCommand(List.of(onPath.get().toString()), "PATH (" + onPath.get() + ")", version);
            }
            throw new TargetUnavailableException(
                    installFailed.getMessage() + "\nThe moto_server on PATH (" + onPath.get() + ", moto "
                            + version.orElse("of unknown version") + ") is not used: cloudtest supports "
                            + SUPPORTED_MOTO + ".",
                    installFailed);
        }
    }

    /** The toolchain holding cfn-lint and the SAM translator, installed into the cache first if none holds them. */
    public static Toolchain templateTools(CloudTestConfig config) {
        Optional<Toolchain> project = projectVenv().filter(Toolchain::hasTemplateTools);
        if (project.isPresent()) {
            return project.get();
        }
        return cached(config);
    }

    /**
     * The toolchain of the cache alone (no project environment), installed first if it is not: for pre-installing it
     * and for the benchmarks.
     */
    public static Toolchain cached(CloudTestConfig config) {
        return ToolchainInstaller.ensure(cacheRoot(config), python(config), ToolchainLock.shipped());
    }

    /** A {@code .venv-moto} in the working directory or its nearest parent that has one. */
    static Optional<Toolchain> projectVenv() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".venv-moto");
            if (Files.isDirectory(candidate)) {
                return Optional.of(Toolchain.at(candidate, "the project's " + candidate));
            }
        }
        return Optional.empty();
    }

    static boolean supported(String version) {
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
            return major == 5 && minor >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The moto version behind a {@code moto_server} script: its interpreter, asked. */
    private static Optional<String> versionOf(Path script) {
        try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
            String shebang = reader.readLine();
            if (shebang == null || !shebang.startsWith("#!")) {
                return Optional.empty();
            }
            List<String> interpreter = List.of(shebang.substring(2).strip().split("\\s+"));
            List<String> command = new java.util.ArrayList<>(interpreter);
            command.addAll(List.of("-c", "import importlib.metadata as m; print(m.version('moto'))"));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && out.matches("[0-9][0-9A-Za-z.+-]*")
                    ? Optional.of(out)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** An executable of that name on {@code PATH}. */
    public static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
