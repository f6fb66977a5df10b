package dev.cloudtest.core.internal.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java installations a local function can run on, so that its {@code Runtime} is honoured: a {@code java21}
 * function runs on a Java 21. Found in {@code cloudtest.local-functions.jdks}, the test JVM itself, {@code JAVA_HOME},
 * {@code JAVA_HOME_<N>_X64} / {@code JAVA<N>_HOME} / {@code JAVA_<N>_HOME} variables (as CI images set them) and the
 * usual install directories; each identified by its {@code release} file.
 */
final class JavaRuntimes {
    private static final Pattern RUNTIME = Pattern.compile("java(\\d+)(\\..*)?");
    private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(1\\.)?(\\d+)");
    private static final Pattern VERSIONED_HOME = Pattern.compile("JAVA_?(HOME_)?(\\d+)(_X64|_ARM64)?(_HOME)?");

    /** An installed Java. */
    record Jdk(int major, Path home) {
        Path java() {
            return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        }
    }

    /**
     * Where a function runs.
     *
     * @param jdk the Java it runs on
     * @param exact whether that is the runtime's own version; else the nearest newer one stands in
     */
    record Choice(Jdk jdk, boolean exact) {}

    private final List<Jdk> jdks;

    private JavaRuntimes(List<Jdk> jdks) {
        this.jdks = jdks;
    }

    /** The installations found from the configured homes and this machine. */
    static JavaRuntimes discover(List<Path> configured) {
        return of(machineHomes(configured));
    }

    /** The installations among these homes (those with a {@code release} file and {@code bin/java}). */
    static JavaRuntimes of(List<Path> homes) {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        for (Path home : homes) {
            Path resolved = Files.isDirectory(home.resolve("Contents/Home")) ? home.resolve("Contents/Home") : home;
            major(resolved).ifPresent(major -> {
                try {
                    found.putIfAbsent(resolved.toRealPath(), new Jdk(major, resolved));
                } catch (IOException e) {
                    // a dangling link: not an installation
                }
            });
        }
        return new JavaRuntimes(List.copyOf(found.values()));
    }

    private static List<Path> machineHomes(List<Path> configured) {
        List<Path> homes = new ArrayList<>(configured);
        homes.add(Path.of(System.getProperty("java.home")));
        System.getenv().forEach((name, value) -> {
            if (name.equals("JAVA_HOME") || VERSIONED_HOME.matcher(name).matches()) {
                homes.add(Path.of(value));
            }
        });
        String user = System.getProperty("user.home");
        for (Path parent : List.of(
                Path.of("/usr/lib/jvm"),
                Path.of(user, ".sdkman", "candidates", "java"),
                Path.of("/Library/Java/JavaVirtualMachines"),
                Path.of(user, "Library", "Java", "JavaVirtualMachines"))) {
            homes.addAll(children(parent));
        }
        return homes;
    }

    /** The Java major version a Lambda runtime names ({@code java21} → 21, {@code java8.al2} → 8); empty if none. */
    static OptionalInt runtimeVersion(String runtime) {
        Matcher matcher = RUNTIME.matcher(runtime);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /**
     * The Java to run a runtime on: its own version, else the nearest newer one (class files of older releases run
     * on it), else none.
     */
    Optional<Choice> choose(String runtime) {
        OptionalInt wanted = runtimeVersion(runtime);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Optional<Jdk> exact =
                jdks.stream().filter(j -> j.major() == wanted.getAsInt()).findFirst();
        if (exact.isPresent()) {
            return Optional.of(new Choice(exact.get(), true));
        }
        return jdks.stream()
                .filter(j -> j.major() > wanted.getAsInt())
                .min(Comparator.comparingInt(Jdk::major))
                .map(j -> new Choice(j, false));
    }

    /** The versions found, for messages. */
    List<Integer> versions() {
        return jdks.stream().map(Jdk::major).distinct().sorted().toList();
    }

    private static OptionalInt major(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isRegularFile(new Jdk(0, home).java())) {
            return OptionalInt.empty();
        }
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(2))) : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static List<Path> children(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("windows");
    }
}
