package dev.cloudtest.core.internal.lint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.toolchain.CacheFiles;
import dev.cloudtest.core.internal.toolchain.ToolHelper;
import dev.cloudtest.core.internal.toolchain.Toolchain;
import dev.cloudtest.core.internal.toolchain.ToolchainLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * cfn-lint and moto's type list through the warm {@link ToolHelper}, with results cached by content: a lint result
 * under the SHA-256 of the template's bytes, the {@code .cfnlintrc} files that apply, the regions and the tools'
 * versions, in memory and in {@code <cache>/lint/}, so that an unchanged template costs a file read and a changed one
 * is checked again.
 */
public final class TemplateTools {
    private static final Logger LOG = Loggers.get(TemplateTools.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> MOTO_TYPES = new ConcurrentHashMap<>();
    private static final List<String> RC_NAMES = List.of(".cfnlintrc", ".cfnlintrc.yaml", ".cfnlintrc.yml");

    private final Toolchain toolchain;
    private final Path cacheDirectory;
    /** This run's results: a template linted once per run, read from the disk cache at most once. */
    private final Map<String, List<LintFinding>> memory = new ConcurrentHashMap<>();

    public TemplateTools(Toolchain toolchain, Path cacheRoot) {
        this.toolchain = toolchain;
        this.cacheDirectory = cacheRoot.resolve("lint");
    }

    /** The toolchain the tools run from. */
    public Toolchain toolchain() {
        return toolchain;
    }

    /** A lint result and where it came from. */
    public record LintResult(List<LintFinding> findings, Optional<Path> configFile, String source, long millis) {}

    /**
     * Lints the template file as written.
     *
     * @param template the file (its content is part of the cache key)
     * @param configFrom the directory whose nearest {@code .cfnlintrc} (it or a parent's) applies
     * @param region the region the stack would be created in
     */
    public LintResult lint(Path template, Path configFrom, String region) {
        long started = System.nanoTime();
        Optional<Path> rc = projectConfig(configFrom);
        String key;
        try {
            key = key(template, rc, region);
        } catch (IOException e) {
            throw new dev.cloudtest.core.exception.ConfigurationException(
                    "Cannot read the template " + template + ": " + e.getMessage(), e);
        }
        List<LintFinding> known = memory.get(key);
        if (known != null) {
            return new LintResult(known, rc, "memory", elapsed(started));
        }
        Path file = cacheDirectory.resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            try {
                List<LintFinding> cached = JSON.readValue(file.toFile(), new TypeReference<List<LintFinding>>() {});
                memory.put(key, cached);
                return new LintResult(cached, rc, "cache", elapsed(started));
            } catch (IOException e) {
                LOG.debug("cloudtest: ignoring the unreadable lint cache entry {}: {}", file, e.getMessage());
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("template", template.toAbsolutePath().toString());
        request.put("regions", List.of(region));
        rc.ifPresent(path -> request.put("config_file", path.toAbsolutePath().toString()));
        JsonNode answer = ToolHelper.of(toolchain).call("lint", request);
        List<LintFinding> findings = new ArrayList<>();
        for (JsonNode match : answer.path("matches")) {
            List<String> path = new ArrayList<>();
            match.path("path").forEach(p -> path.add(p.asText()));
            findings.add(new LintFinding(
                    match.path("rule").asText(),
                    match.path("severity").asText(),
                    match.path("message").asText(),
                    match.path("line").asInt(),
                    match.path("column").asInt(),
                    path));
        }
        List<LintFinding> result = List.copyOf(findings);
        memory.put(key, result);
        store(file, result);
        return new LintResult(result, rc, "cfn-lint", elapsed(started));
    }

    /** The resource types moto's CloudFormation creates (others it skips, reporting success). */
    public Set<String> motoTypes() {
        String version = toolchain.version(ToolchainLock.MOTO).orElse("unknown");
        return MOTO_TYPES.computeIfAbsent(version, v -> {
            Path file = cacheDirectory.resolve("moto-" + v + "-types.txt");
            try {
                if (Files.isRegularFile(file)) {
                    return Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // computed again below
            }
            Set<String> types = new TreeSet<>();
            ToolHelper.of(toolchain).call("moto-types", Map.of()).path("types").forEach(t -> types.add(t.asText()));
            CacheFiles.write(file, temp -> Files.write(temp, types, StandardCharsets.UTF_8));
            return Set.copyOf(types);
        });
    }

    /** The nearest {@code .cfnlintrc} (or {@code .yaml}/{@code .yml}) in the directory or a parent. */
    static Optional<Path> projectConfig(Path directory) {
        for (Path dir = directory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (String name : RC_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private String key(Path template, Optional<Path> rc, String region) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (String text : List.of(toolchain.summary(), ToolchainLock.shipped().hash(), region)) {
            parts.add(text.getBytes(StandardCharsets.UTF_8));
        }
        parts.add(Files.readAllBytes(template));
        if (rc.isPresent()) {
            // Its path too: relative paths inside it (templates, rules) depend on where it is.
            parts.add(rc.get().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            parts.add(Files.readAllBytes(rc.get()));
        }
        // cfn-lint also reads the user's ~/.cfnlintrc.
        for (String name : RC_NAMES) {
            Path home = Path.of(System.getProperty("user.home"), name);
            if (Files.isRegularFile(home)) {
                parts.add(Files.readAllBytes(home));
            }
        }
        return CacheFiles.key(parts);
    }

    private void store(Path file, List<LintFinding> findings) {
        CacheFiles.write(file, temp -> JSON.writeValue(temp.toFile(), findings));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
