package dev.cloudtest.core.internal.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.toolchain.CacheFiles;
import dev.cloudtest.core.internal.toolchain.ToolHelper;
import dev.cloudtest.core.internal.toolchain.Toolchain;
import dev.cloudtest.core.internal.toolchain.ToolchainLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * aws-sam-translator through the warm {@link ToolHelper}, with expansions cached by content: under the SHA-256 of the
 * lock file, the template as handed to the translator (local paths already replaced by placeholders, so never stale
 * code), the parameter values, the region and the account — in memory and in {@code <cache>/sam/}.
 */
public final class SamTranslator {
    private static final Logger LOG = Loggers.get(SamTranslator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Toolchain toolchain;
    private final Path cacheDirectory;
    private final Map<String, ObjectNode> memory = new ConcurrentHashMap<>();

    public SamTranslator(Toolchain toolchain, Path cacheRoot) {
        this.toolchain = toolchain;
        this.cacheDirectory = cacheRoot.resolve("sam");
    }

    /**
     * The expanded template (a fresh copy the caller may change).
     *
     * @param origin the template's origin, for messages
     * @param template the SAM template with no local paths left
     * @param endpoint the emulator, whose IAM lists the managed policies that policy names refer to
     * @throws ConfigurationException with the translator's messages when it refuses the template
     */
    public ObjectNode expand(
            String origin,
            ObjectNode template,
            Map<String, String> parameters,
            String region,
            String account,
            Optional<URI> endpoint) {
        String key = key(template, parameters, region, account);
        ObjectNode known = memory.get(key);
        if (known != null) {
            return known.deepCopy();
        }
        Path file = cacheDirectory.resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            try {
                ObjectNode cached = (ObjectNode) JSON.readTree(file.toFile());
                memory.put(key, cached);
                return cached.deepCopy();
            } catch (IOException | ClassCastException e) {
                LOG.debug("cloudtest: ignoring the unreadable SAM cache entry {}: {}", file, e.getMessage());
            }
        }
        long started = System.nanoTime();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("template", template);
        request.put("parameters", parameters);
        request.put("region", region);
        request.put("account", account);
        endpoint.ifPresent(e -> request.put("endpoint", e.toString()));
        JsonNode answer = ToolHelper.of(toolchain).call("translate", request);
        String version = toolchain.version(ToolchainLock.SAM_TRANSLATOR).orElse("?");
        if (answer.has("errors")) {
            List<String> errors = new ArrayList<>();
            answer.path("errors").forEach(e -> errors.add(e.asText()));
            throw new ConfigurationException("The SAM template " + origin + " cannot be expanded (aws-sam-translator "
                    + version + "); nothing was created:\n  " + String.join("\n  ", errors)
                    + "\nCloudFormation's SAM transform would refuse it the same way.");
        }
        ObjectNode expanded = (ObjectNode) answer.path("template");
        LOG.info(
                "cloudtest: expanded the SAM template {} into {} resources with aws-sam-translator {} in {} ms",
                origin,
                expanded.path("Resources").size(),
                version,
                (System.nanoTime() - started) / 1_000_000);
        memory.put(key, expanded);
        store(file, expanded);
        return expanded.deepCopy();
    }

    /**
     * The template with {@code AWS::LanguageExtensions} applied by SAM CLI's processor (its port of CloudFormation's
     * transform) and the transform removed from its {@code Transform}: {@code Fn::ForEach} expanded, {@code
     * Fn::Length}, {@code Fn::ToJsonString} and {@code Fn::FindInMap} defaults resolved, every other intrinsic left
     * for CloudFormation. Not cached: it takes milliseconds in the warm helper.
     *
     * @throws ConfigurationException with the processor's messages when it refuses the template, or when one of the
     *     transform's functions needs what only exists once the stack does (a resource's attribute)
     */
    public ObjectNode languageExtensions(
            String origin, ObjectNode template, Map<String, String> parameters, String region, String account) {
        String version = toolchain
                .version(ToolchainLock.SAM_CLI)
                .orElseThrow(() -> new ConfigurationException("The template " + origin
                        + " declares AWS::LanguageExtensions, which cloudtest applies on an emulator "
                        + "with aws-sam-cli's processor, and the toolchain it uses (" + toolchain.origin() + ") lacks "
                        + "it. Nothing was created. Install it there: " + toolchain.python()
                        + " -m pip install --no-deps aws-sam-cli=="
                        + ToolchainLock.shipped().version(ToolchainLock.SAM_CLI).orElse("?")
                        + "."));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("template", template);
        request.put("parameters", parameters);
        request.put("region", region);
        request.put("account", account);
        JsonNode answer = ToolHelper.of(toolchain).call("language-extensions", request);
        if (answer.has("errors")) {
            List<String> errors = new ArrayList<>();
            answer.path("errors").forEach(e -> errors.add(e.asText()));
            throw new ConfigurationException("The template " + origin + " cannot be processed with "
                    + "AWS::LanguageExtensions (aws-sam-cli " + version + "'s processor); nothing was created:\n  "
                    + String.join("\n  ", errors));
        }
        return (ObjectNode) answer.path("template");
    }

    private static String key(ObjectNode template, Map<String, String> parameters, String region, String account) {
        return CacheFiles.key(
                ToolchainLock.shipped().hash(), template.toString(), parameters.toString(), region, account);
    }

    private void store(Path file, ObjectNode expanded) {
        CacheFiles.write(file, temp -> JSON.writeValue(temp.toFile(), expanded));
    }
}
