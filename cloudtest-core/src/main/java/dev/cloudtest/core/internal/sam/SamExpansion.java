package dev.cloudtest.core.internal.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.packaging.LocalArtifacts;
import dev.cloudtest.core.internal.template.Template;
import dev.cloudtest.core.internal.toolchain.ToolchainLock;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * SAM on emulator targets: moto has no SAM transform, so a template declaring {@code AWS::Serverless-2016-10-31} is
 * expanded before anything is created with aws-sam-translator, the reference implementation SAM CLI uses (from the
 * toolchain, in the warm helper), into the template's expanded stage: what is checked, created, verified and run
 * locally. On AWS, CloudFormation expands it.
 *
 * <p>Local paths ({@code CodeUri}, {@code ContentUri}, {@code DefinitionUri}, also in {@code Globals}) are handed to
 * the translator as placeholder S3 locations and put back as local paths on the resources it emits ({@code Code} of a
 * function, {@code Content} of a layer), so that packaging uploads them after every check has passed, and local
 * functions run the code that the path names. A local {@code DefinitionUri} of a state machine or an API becomes the
 * file's content, inlined as the {@code Definition} ({@code Body}) that CloudFormation would read from S3. Refused before anything is
 * created, naming the construct: other transforms and macros, {@code AWS::Include}, {@code
 * AWS::Serverless::Application}, and a local path the translator turns into something cloudtest cannot package.
 */
public final class SamExpansion implements StackHook {
    public static final String TRANSFORM = "AWS::Serverless-2016-10-31";
    public static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";
    static final String PLACEHOLDER_BUCKET = "cloudtest-local-artifact";
    private static final Set<String> PLACEHOLDER_FIELDS = Set.of("S3Bucket", "Bucket");
    /** Locations of definitions (an API's OpenAPI document, a state machine's) and the property that inlines each. */
    private static final Map<String, String> INLINED =
            Map.of("BodyS3Location", "Body", "DefinitionS3Location", "Definition");

    public static final StackHookProvider PROVIDER =
            context -> context.emulated() ? Optional.of(new SamExpansion(context)) : Optional.empty();

    private final HookContext context;
    private volatile SamTranslator translator;

    private SamExpansion(HookContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "sam";
    }

    /** Whether the template declares the SAM transform. */
    static boolean declaresSam(Template template) {
        return template.transforms().contains(TRANSFORM);
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        List<String> lines = new java.util.ArrayList<>();
        if (stack.templates().written().transforms().contains(LANGUAGE_EXTENSIONS)) {
            lines.add(LANGUAGE_EXTENSIONS + " applied with aws-sam-cli "
                    + ToolchainLock.shipped().version(ToolchainLock.SAM_CLI).orElse("?")
                    + "'s processor (Fn::ForEach, Fn::Length, Fn::ToJsonString, Fn::FindInMap defaults)");
        }
        if (!declaresSam(stack.templates().written())) {
            return lines;
        }
        Map<String, Integer> types = new TreeMap<>();
        stack.template().resources().values().forEach(r -> types.merge(r.type(), 1, Integer::sum));
        lines.add("expanded with aws-sam-translator "
                + ToolchainLock.shipped().version(ToolchainLock.SAM_TRANSLATOR).orElse("?") + " into "
                + stack.template().resources().size() + " resources " + types);
        return lines;
    }

    @Override
    public Optional<Template> expand(PreparedStack stack) {
        Template written = stack.templates().written();
        if (!declaresSam(written) && !written.transforms().contains(LANGUAGE_EXTENSIONS)) {
            return Optional.empty();
        }
        refuseUnsupported(written);
        ObjectNode json = written.json();
        // No AWS::StackName: the transforms leave such references for CloudFormation to resolve, and the expansion
        // stays the same for every run, so it is cached across runs.
        Map<String, String> parameters = new LinkedHashMap<>(stack.parametersWithDefaults());
        // In the order the template lists them, as CloudFormation applies them.
        for (String transform : written.transforms()) {
            if (transform.equals(LANGUAGE_EXTENSIONS)) {
                json = translator()
                        .languageExtensions(
                                written.origin(),
                                json,
                                parameters,
                                context.session().region(),
                                context.session().accountId());
            } else {
                Map<String, String> locals = new LinkedHashMap<>();
                placeLocalPaths(json, Template.parse(json.toString(), written.origin()), stack.baseDirectory(), locals);
                json = translator()
                        .expand(
                                written.origin(),
                                json,
                                parameters,
                                context.session().region(),
                                context.session().accountId(),
                                context.session().endpoint());
                restoreLocalPaths(json, locals);
            }
        }
        return Optional.of(Template.parse(json.toString(), written.origin()));
    }

    private SamTranslator translator() {
        SamTranslator resolved = translator;
        if (resolved == null) {
            resolved = new SamTranslator(
                    Toolchains.templateTools(context.config()), Toolchains.cacheRoot(context.config()));
            translator = resolved;
        }
        return resolved;
    }

    private static void refuseUnsupported(Template written) {
        for (String transform : written.transforms()) {
            if (!transform.equals(TRANSFORM) && !transform.equals(LANGUAGE_EXTENSIONS)) {
                throw new ConfigurationException("The template " + written.origin() + " declares the transform "
                        + transform + ", which cloudtest cannot apply on an emulator (it applies "
                        + TRANSFORM + " and " + LANGUAGE_EXTENSIONS
                        + " only). Nothing was created; run it on a sandbox account (cloudtest.target="
                        + "aws), where CloudFormation applies it.");
            }
        }
        for (Template.Resource resource : written.resources().values()) {
            if (resource.type().equals("AWS::Serverless::Application")) {
                throw new ConfigurationException("Resource " + resource.logicalId() + " (AWS::Serverless::Application)"
                        + " of " + written.origin() + " nests an application from the Serverless Application "
                        + "Repository, which an emulator cannot fetch. Nothing was created; run it on a sandbox "
                        + "account (cloudtest.target=aws).");
            }
        }
        if (mentionsInclude(written.json())) {
            throw new ConfigurationException("The template " + written.origin() + " uses AWS::Include, which "
                    + "fetches a snippet from S3 at deploy time; cloudtest cannot apply it on an emulator. Nothing was "
                    + "created; inline the snippet, or run on a sandbox account (cloudtest.target=aws).");
        }
    }

    private static boolean mentionsInclude(JsonNode node) {
        if (node.isObject()) {
            JsonNode transform = node.get("Fn::Transform");
            if (transform != null
                    && "AWS::Include".equals(transform.path("Name").asText())) {
                return true;
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                if (mentionsInclude(it.next())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (mentionsInclude(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces local paths of SAM resources (and Globals) by placeholder S3 URIs; remembers which is which. */
    private static void placeLocalPaths(
            ObjectNode json, Template written, Path baseDirectory, Map<String, String> locals) {
        for (LocalArtifacts.Artifact artifact : LocalArtifacts.find(written, baseDirectory)) {
            if (!artifact.property().type().startsWith("AWS::Serverless::")) {
                continue;
            }
            ObjectNode properties = (ObjectNode)
                    json.path("Resources").path(artifact.logicalId()).path("Properties");
            properties.put(artifact.property().name(), placeholder(artifact.path(), locals));
        }
        JsonNode globalCode = json.path("Globals").path("Function").path("CodeUri");
        if (globalCode.isTextual() && !globalCode.asText().matches("^(s3|https?)://.*")) {
            Path path = baseDirectory.resolve(globalCode.asText()).normalize();
            if (!path.toFile().exists()) {
                throw new ConfigurationException("Globals.Function.CodeUri of " + written.origin()
                        + " refers to the local path " + globalCode.asText() + ", which does not exist (resolved "
                        + "against the template's directory: " + path.toAbsolutePath() + "). Build the artifact "
                        + "first (e.g. mvn package) or fix the path.");
            }
            ((ObjectNode) json.path("Globals").path("Function")).put("CodeUri", placeholder(path, locals));
        }
    }

    private static String placeholder(Path path, Map<String, String> locals) {
        String key = Integer.toString(locals.size());
        locals.put(key, path.toAbsolutePath().toString());
        return "s3://" + PLACEHOLDER_BUCKET + "/" + key;
    }

    /** Puts the local paths back where the translator wrote the placeholders; refuses any it put elsewhere. */
    private static void restoreLocalPaths(ObjectNode expanded, Map<String, String> locals) {
        if (locals.isEmpty()) {
            return;
        }
        JsonNode resources = expanded.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode properties = resource.getValue().path("Properties");
            if (!(properties instanceof ObjectNode object)) {
                continue;
            }
            Map<String, String> restored = new LinkedHashMap<>();
            object.fields().forEachRemaining(field -> placeholderPath(field.getValue(), locals)
                    .ifPresent(local -> restored.put(field.getKey(), local)));
            restored.forEach((field, local) -> {
                String inlined = INLINED.get(field);
                if (inlined == null) {
                    object.set(field, TextNode.valueOf(local));
                } else {
                    object.remove(field);
                    object.set(inlined, document(Path.of(local), resource.getKey(), field));
                }
            });
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getValue().toString().contains(PLACEHOLDER_BUCKET)) {
                throw new ConfigurationException("A local path of this SAM template ends up in "
                        + resource.getKey() + " ("
                        + resource.getValue().path("Type").asText() + ") where cloudtest "
                        + "cannot package it. Nothing was created; upload that file to S3 and give its s3:// URI, or "
                        + "inline it in the template.");
            }
        }
    }

    /**
     * The definition a resource reads from S3 at creation, read from its local file instead: what CloudFormation
     * reads from the uploaded file on AWS, and what moto (which reads neither location) and the local API and state
     * machine tasks need in the template.
     */
    private static JsonNode document(Path file, String logicalId, String field) {
        String what =
                "The file " + file + " (" + logicalId + "'s DefinitionUri, inlined as its " + INLINED.get(field) + ")";
        try {
            return Template.document(Files.readString(file), what);
        } catch (IOException e) {
            throw new ConfigurationException(what + " cannot be read: " + e.getMessage() + ". Nothing was created.", e);
        }
    }

    private static Optional<String> placeholderPath(JsonNode value, Map<String, String> locals) {
        if (!value.isObject()) {
            return Optional.empty();
        }
        for (String field : PLACEHOLDER_FIELDS) {
            if (PLACEHOLDER_BUCKET.equals(value.path(field).asText())) {
                String key = value.path("S3Key").isMissingNode()
                        ? value.path("Key").asText()
                        : value.path("S3Key").asText();
                return Optional.ofNullable(locals.get(key));
            }
        }
        return Optional.empty();
    }
}
