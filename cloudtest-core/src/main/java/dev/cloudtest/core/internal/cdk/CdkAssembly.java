package dev.cloudtest.core.internal.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack of a synthesised CDK app (a cloud assembly, {@code cdk.out}), as cloudtest provisions it. The template is the
 * one {@code cdk synth} wrote, with three changes so that it needs no {@code cdk bootstrap}:
 *
 * <ul>
 *   <li>each file asset used as a Lambda function's {@code Code} or a layer's {@code Content} (the bootstrap bucket and
 *       the asset's key, as DefaultStackSynthesizer writes them) becomes the asset's local path in the assembly, which
 *       cloudtest packages into its own artifact bucket and runs locally like any other local artifact;
 *   <li>the {@code BootstrapVersion} parameter and the {@code CheckBootstrapVersion} rule go: nothing of the bootstrap
 *       stack is used any more;
 *   <li>{@code AWS::CDK::Metadata} (the CDK's usage report) goes.
 * </ul>
 *
 * Refused before anything is created, saying what to do: Docker image assets (they need Docker to build), context the
 * app could not look up ({@code fromLookup} without credentials), a file asset used elsewhere than in a function's code
 * or a layer's content, and a stack name the assembly does not have.
 */
public final class CdkAssembly {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = "aws:cloudformation:stack";
    private static final String ASSETS = "cdk:asset-manifest";

    private final Path directory;
    private final String stackName;
    private final String template;

    private CdkAssembly(Path directory, String stackName, String template) {
        this.directory = directory;
        this.stackName = stackName;
        this.template = template;
    }

    /** Whether a directory is a cloud assembly ({@code manifest.json} in it). */
    public static boolean isAssembly(Path directory) {
        return Files.isRegularFile(directory.resolve("manifest.json"));
    }

    /**
     * Reads one stack of the assembly.
     *
     * @param stack the stack's name (its display name or artifact id); empty when the assembly has one stack
     * @throws ConfigurationException for what cannot be provisioned, naming it and what to do
     */
    public static CdkAssembly read(Path directory, Optional<String> stack) {
        JsonNode manifest = readJson(directory.resolve("manifest.json"));
        JsonNode missing = manifest.path("missing");
        if (missing.isArray() && !missing.isEmpty()) {
            List<String> keys = new ArrayList<>();
            missing.forEach(m -> keys.add(m.path("key").asText()));
            throw new ConfigurationException("The CDK app in " + directory + " looked up context it could not get "
                    + keys + " (fromLookup needs credentials). Nothing was created. Run cdk synth once with "
                    + "credentials so that cdk.context.json holds the values, commit that file, and synthesise again.");
        }
        Map<String, JsonNode> stacks = new LinkedHashMap<>();
        manifest.path("artifacts").fields().forEachRemaining(artifact -> {
            if (STACK.equals(artifact.getValue().path("type").asText())) {
                stacks.put(artifact.getKey(), artifact.getValue());
            }
        });
        Map.Entry<String, JsonNode> chosen = choose(directory, stacks, stack);
        String id = chosen.getKey();
        JsonNode artifact = chosen.getValue();
        String name = artifact.path("displayName").asText(id);
        Path templateFile = directory.resolve(
                artifact.path("properties").path("templateFile").asText(id + ".template.json"));
        ObjectNode template = (ObjectNode) readJson(templateFile);
        Map<String, Asset> assets = assets(directory, manifest, artifact, name);
        useLocalAssets(directory, template, assets, name);
        dropBootstrap(template);
        return new CdkAssembly(directory, name, template.toString());
    }

    /** The assembly's directory, which the assets' local paths are in. */
    public Path directory() {
        return directory;
    }

    /** The stack's name in the app. */
    public String stackName() {
        return stackName;
    }

    /** The template cloudtest provisions (JSON). */
    public String template() {
        return template;
    }

    private record Asset(String displayName, String bucket, String key, Path source) {}

    private static Map.Entry<String, JsonNode> choose(
            Path directory, Map<String, JsonNode> stacks, Optional<String> wanted) {
        if (stacks.isEmpty()) {
            throw new ConfigurationException("The CDK cloud assembly " + directory + " has no stack. Synthesise the "
                    + "app (cdk synth) and point cloudtest at its output directory.");
        }
        List<String> names = stacks.entrySet().stream()
                .map(e -> e.getValue().path("displayName").asText(e.getKey()))
                .toList();
        if (wanted.isEmpty() || wanted.get().isBlank()) {
            if (stacks.size() == 1) {
                return stacks.entrySet().iterator().next();
            }
            throw new ConfigurationException("The CDK cloud assembly " + directory + " has " + stacks.size()
                    + " stacks " + names + ": say which one, e.g. cdkStack = \"" + names.get(0) + "\".");
        }
        return stacks.entrySet().stream()
                .filter(e -> e.getKey().equals(wanted.get())
                        || e.getValue().path("displayName").asText("").equals(wanted.get()))
                .findFirst()
                .orElseThrow(() -> new ConfigurationException("The CDK cloud assembly " + directory + " has no stack '"
                        + wanted.get() + "'. Its stacks: " + names + "."));
    }

    private static Map<String, Asset> assets(Path directory, JsonNode manifest, JsonNode stack, String stackName) {
        Map<String, Asset> byKey = new LinkedHashMap<>();
        List<String> dependencies = new ArrayList<>();
        stack.path("dependencies").forEach(d -> dependencies.add(d.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        manifest.path("artifacts").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> artifact = it.next();
            if (!ASSETS.equals(artifact.getValue().path("type").asText())
                    || !dependencies.contains(artifact.getKey())) {
                continue;
            }
            JsonNode assets = readJson(directory.resolve(
                    artifact.getValue().path("properties").path("file").asText()));
            if (assets.path("dockerImages").size() > 0) {
                List<String> images = new ArrayList<>();
                assets.path("dockerImages")
                        .forEach(i -> images.add(i.path("displayName").asText("?")));
                throw new ConfigurationException("Stack " + stackName + " of the CDK app has Docker image assets "
                        + images + ", which need Docker to build; cloudtest runs without Docker. Nothing was created. "
                        + "Use Code.fromAsset with a jar or directory (no bundling image) for Java functions, or run "
                        + "this stack with cdk deploy.");
            }
            assets.path("files").forEach(file -> {
                Path source = directory.resolve(file.path("source").path("path").asText());
                file.path("destinations")
                        .forEach(destination -> byKey.put(
                                destination.path("objectKey").asText(),
                                new Asset(
                                        file.path("displayName").asText("?"),
                                        destination.path("bucketName").asText(),
                                        destination.path("objectKey").asText(),
                                        source)));
            });
        }
        return byKey;
    }

    /** Every {@code {S3Bucket, S3Key}} naming an asset becomes the asset's local path (Code and Content only). */
    private static void useLocalAssets(
            Path directory, ObjectNode template, Map<String, Asset> assets, String stackName) {
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!(properties instanceof ObjectNode props)) {
                return;
            }
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            for (String property : names) {
                JsonNode value = props.get(property);
                Optional<Asset> asset = assetAt(value, assets);
                if (asset.isEmpty()) {
                    if (mentionsAsset(value, assets)) {
                        throw unsupported(stackName, resource.getKey(), property, value, assets);
                    }
                    continue;
                }
                String type = resource.getValue().path("Type").asText();
                boolean code = property.equals("Code") && type.equals("AWS::Lambda::Function");
                boolean content = property.equals("Content") && type.equals("AWS::Lambda::LayerVersion");
                if (!code && !content) {
                    throw unsupported(stackName, resource.getKey(), property, value, assets);
                }
                props.put(property, localPath(directory, asset.get().source()));
            }
        });
    }

    /**
     * The asset's path as the template names it: relative to the assembly when it is inside (as the CDK stages it),
     * so that the template, and with it the stack's fingerprint, is the same wherever the assembly was written.
     */
    private static String localPath(Path directory, Path source) {
        Path base = directory.toAbsolutePath().normalize();
        Path file = source.toAbsolutePath().normalize();
        return file.startsWith(base) ? base.relativize(file).toString() : file.toString();
    }

    private static Optional<Asset> assetAt(JsonNode value, Map<String, Asset> assets) {
        JsonNode key = value.path("S3Key");
        return key.isTextual() && value.has("S3Bucket")
                ? Optional.ofNullable(assets.get(key.asText()))
                : Optional.empty();
    }

    private static boolean mentionsAsset(JsonNode value, Map<String, Asset> assets) {
        if (value.isTextual()) {
            return assets.keySet().stream().anyMatch(key -> value.asText().contains(key));
        }
        for (JsonNode child : value) {
            if (mentionsAsset(child, assets)) {
                return true;
            }
        }
        return false;
    }

    private static ConfigurationException unsupported(
            String stackName, String logicalId, String property, JsonNode value, Map<String, Asset> assets) {
        String asset = assets.values().stream()
                .filter(a -> value.toString().contains(a.key()))
                .map(Asset::displayName)
                .findFirst()
                .orElse("?");
        return new ConfigurationException("Resource " + logicalId + " of CDK stack " + stackName
                + " uses the file asset "
                + asset + " in " + property + "; cloudtest publishes CDK file assets used as a Lambda function's Code "
                + "or a layer's Content only. Nothing was created. Deploy this stack with cdk deploy, or leave the "
                + "asset out of the stack under test.");
    }

    private static void dropBootstrap(ObjectNode template) {
        if (template.path("Rules") instanceof ObjectNode rules) {
            rules.remove("CheckBootstrapVersion");
            if (rules.isEmpty()) {
                template.remove("Rules");
            }
        }
        if (template.path("Parameters") instanceof ObjectNode parameters
                && !template.toString().replace("\"BootstrapVersion\":{", "").contains("BootstrapVersion")) {
            parameters.remove("BootstrapVersion");
            if (parameters.isEmpty()) {
                template.remove("Parameters");
            }
        }
        if (template.path("Resources") instanceof ObjectNode resources) {
            List<String> metadata = new ArrayList<>();
            resources.fields().forEachRemaining(r -> {
                if (r.getValue().path("Type").asText().equals("AWS::CDK::Metadata")) {
                    metadata.add(r.getKey());
                }
            });
            metadata.forEach(resources::remove);
            if (!metadata.isEmpty()
                    && template.path("Conditions") instanceof ObjectNode conditions
                    && !template.path("Resources").toString().contains("CDKMetadataAvailable")
                    && !template.path("Outputs").toString().contains("CDKMetadataAvailable")) {
                conditions.remove("CDKMetadataAvailable");
                if (conditions.isEmpty()) {
                    template.remove("Conditions");
                }
            }
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException(
                    "Cannot read " + file + " of the CDK cloud assembly: " + e.getMessage()
                            + ". Synthesise the app again (cdk synth).",
                    e);
        }
    }
}
