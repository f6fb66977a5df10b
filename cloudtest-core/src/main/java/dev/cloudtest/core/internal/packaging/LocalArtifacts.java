package dev.cloudtest.core.internal.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The local artifacts a template refers to, as {@code aws cloudformation package} finds them: a property of a known
 * resource type whose value is a path (not an {@code s3://} or {@code https://} location) to a file or directory,
 * relative to the template's directory. Directories are zipped reproducibly (sorted entries, fixed timestamps), so
 * an unchanged directory has an unchanged content hash.
 */
public final class LocalArtifacts {
    /** Which property of which type may hold a local path, and how it is rewritten once uploaded. */
    public enum Form {
        /** {@code {S3Bucket, S3Key}} (Lambda Code). */
        S3_BUCKET_KEY,
        /** {@code {Bucket, Key}} (state machine definitions). */
        BUCKET_KEY,
        /** {@code s3://bucket/key} (SAM). */
        S3_URI,
        /** {@code https://s3.<region>.amazonaws.com/bucket/key} (nested stacks). */
        HTTPS_URL
    }

    /** A property that may name a local artifact, and how it is rewritten. */
    public record Property(String type, String name, Form form) {}

    static final List<Property> PROPERTIES = List.of(
            new Property("AWS::Lambda::Function", "Code", Form.S3_BUCKET_KEY),
            new Property("AWS::Lambda::LayerVersion", "Content", Form.S3_BUCKET_KEY),
            new Property("AWS::Serverless::Function", "CodeUri", Form.S3_URI),
            new Property("AWS::Serverless::LayerVersion", "ContentUri", Form.S3_URI),
            new Property("AWS::Serverless::StateMachine", "DefinitionUri", Form.S3_URI),
            new Property("AWS::Serverless::Api", "DefinitionUri", Form.S3_URI),
            new Property("AWS::Serverless::HttpApi", "DefinitionUri", Form.S3_URI),
            new Property("AWS::StepFunctions::StateMachine", "DefinitionS3Location", Form.BUCKET_KEY),
            new Property("AWS::CloudFormation::Stack", "TemplateURL", Form.HTTPS_URL));

    /**
     * One local artifact.
     *
     * @param logicalId the resource
     * @param property the property and how it is rewritten
     * @param path the file or directory
     */
    public record Artifact(String logicalId, Property property, Path path) {
        /** The bytes to upload: the file, or the directory zipped reproducibly. */
        public byte[] content() {
            try {
                return Files.isDirectory(path) ? zip(path) : Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read artifact " + path + " of " + logicalId, e);
            }
        }

        /** The object key: the content's SHA-256 and the artifact's kind. */
        public String key(byte[] content) {
            String name = path.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String extension = Files.isDirectory(path) ? ".zip" : dot > 0 ? name.substring(dot) : "";
            return "cloudtest/" + sha256(content) + extension;
        }
    }

    /** The properties that hold a function's or layer's code, which may name a build module. */
    private static final java.util.Set<String> CODE = java.util.Set.of("Code", "CodeUri", "Content", "ContentUri");

    private LocalArtifacts() {}

    /**
     * The local artifacts of a template.
     *
     * @param baseDirectory the template's directory (paths are relative to it)
     * @throws ConfigurationException naming the resource and the path when a referenced path does not exist
     */
    public static List<Artifact> find(Template template, Path baseDirectory) {
        List<Artifact> artifacts = new ArrayList<>();
        for (Template.Resource resource : template.resources().values()) {
            for (Property property : PROPERTIES) {
                if (!property.type().equals(resource.type())) {
                    continue;
                }
                JsonNode value = resource.properties().get(property.name());
                if (value == null || !value.isTextual() || isRemote(value.asText())) {
                    continue;
                }
                Path path = baseDirectory.resolve(value.asText()).normalize();
                if (!Files.exists(path)) {
                    throw new ConfigurationException("Resource " + resource.logicalId() + " (" + resource.type() + ") "
                            + property.name() + " refers to the local path " + value.asText() + ", which does not "
                            + "exist (resolved against the template's directory: " + path.toAbsolutePath() + "). Build "
                            + "the artifact first (e.g. mvn package) or fix the path.");
                }
                if (CODE.contains(property.name())) {
                    path = ModuleFolders.artifact(resource.logicalId(), property.name(), path);
                }
                artifacts.add(new Artifact(resource.logicalId(), property, path));
            }
        }
        return artifacts;
    }

    /** A hash of every local artifact's content, for fingerprints; empty when there are none. */
    public static String contentHash(Template template, Path baseDirectory) {
        StringBuilder text = new StringBuilder();
        for (Artifact artifact : find(template, baseDirectory)) {
            text.append(artifact.logicalId())
                    .append('=')
                    .append(sha256(artifact.content()))
                    .append('\n');
        }
        return text.toString();
    }

    private static boolean isRemote(String value) {
        return value.startsWith("s3://") || value.startsWith("https://") || value.startsWith("http://");
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A zip whose bytes depend only on the files' paths and contents. */
    static byte[] zip(Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                ZipEntry entry =
                        new ZipEntry(directory.relativize(file).toString().replace('\\', '/'));
                entry.setTime(315532800000L); // 1980-01-01, the earliest zip time: reproducible
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The rewritten property value pointing at the uploaded object. */
    static JsonNode location(Property property, String bucket, String key, String region) {
        var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (property.form()) {
            case S3_BUCKET_KEY -> factory.objectNode().put("S3Bucket", bucket).put("S3Key", key);
            case BUCKET_KEY -> factory.objectNode().put("Bucket", bucket).put("Key", key);
            case S3_URI -> factory.textNode("s3://" + bucket + "/" + key);
            case HTTPS_URL -> factory.textNode("https://s3." + region + ".amazonaws.com/" + bucket + "/" + key);
        };
    }

    static Map<String, String> describe(Artifact artifact) {
        return Map.of("resource", artifact.logicalId(), "path", artifact.path().toString());
    }
}
