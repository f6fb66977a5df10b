package dev.cloudtest.core;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What to provision: a CloudFormation template (file, classpath resource or inline text; YAML with short-form tags
 * or JSON), its parameters, extra capabilities and user tags, and a short {@link #id()} that names the stack.
 *
 * <pre>{@code
 * StackSpec spec = StackSpec.builder()
 *         .template(Path.of("src/main/cloudformation/orders.yaml"))
 *         .parameter("Stage", "test")
 *         .build();
 * }</pre>
 *
 * Immutable; two specs are equal when they would provision the same stack.
 */
public final class StackSpec {
    private final String id;
    private final Kind kind;
    private final String location;
    private final Map<String, String> parameters;
    private final Set<String> capabilities;
    private final Map<String, String> tags;
    /** For a CDK cloud assembly: which of its stacks (null: its only one). */
    private final String cdkStack;

    private enum Kind {
        FILE,
        CLASSPATH,
        INLINE,
        CDK,
        CDK_APP
    }

    private StackSpec(Builder b) {
        if (b.kind == null) {
            throw new ConfigurationException("A StackSpec needs a template: call template(Path), "
                    + "templateResource(String) or templateBody(String).");
        }
        this.kind = b.kind == Kind.FILE && dev.cloudtest.core.internal.cdk.CdkAssembly.isAssembly(Path.of(b.location))
                ? Kind.CDK
                : b.kind;
        this.location = b.location;
        this.cdkStack = b.cdkStack;
        if (cdkStack != null && kind != Kind.CDK && kind != Kind.CDK_APP) {
            throw new ConfigurationException("cdkStack(\"" + cdkStack + "\") needs a CDK cloud assembly: a directory "
                    + "with a manifest.json, such as cdk.out after cdk synth; " + location + " is not one.");
        }
        this.id = b.id != null
                ? checkId(b.id)
                : kind == Kind.CDK || kind == Kind.CDK_APP
                        ? defaultId(
                                Kind.FILE,
                                kebab(
                                        cdkStack != null
                                                ? cdkStack
                                                : kind == Kind.CDK
                                                        ? "cdk"
                                                        : location.substring(location.lastIndexOf('.') + 1)))
                        : defaultId(kind, location);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.capabilities = Collections.unmodifiableSet(new TreeSet<>(b.capabilities));
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        for (String key : tags.keySet()) {
            if (key.toLowerCase(Locale.ROOT).startsWith("cloudtest:")) {
                throw new GuardViolationException(
                        "tags",
                        key,
                        "User tag '" + key
                                + "' uses the reserved prefix 'cloudtest:', which cloudtest uses to recognise the stacks it "
                                + "owns. Rename the tag.");
            }
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this spec's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.kind = kind;
        b.location = location;
        b.cdkStack = cdkStack;
        b.parameters.putAll(parameters);
        b.capabilities.addAll(capabilities);
        b.tags.putAll(tags);
        return b;
    }

    /** The short name of this stack within a run (the middle part of the stack name). */
    public String id() {
        return id;
    }

    /** Parameter values by parameter name. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Capabilities to grant in addition to those detected from the template. */
    public Set<String> capabilities() {
        return capabilities;
    }

    /** User tags put on the stack (and propagated by CloudFormation to supported resources). */
    public Map<String, String> tags() {
        return tags;
    }

    /** Where the template comes from: a file path, {@code classpath:<name>} or {@code <inline>}. */
    public String templateOrigin() {
        return switch (kind) {
            case FILE -> location;
            case CLASSPATH -> "classpath:" + location;
            case INLINE -> "<inline template>";
            case CDK -> location + (cdkStack == null ? " (CDK app)" : " (CDK stack " + cdkStack + ")");
            case CDK_APP -> "CDK app " + location + (cdkStack == null ? "" : " (stack " + cdkStack + ")");
        };
    }

    /** The template file, when the template is a file (for packaging local artifacts relative to it). */
    public java.util.Optional<Path> templateFile() {
        return kind == Kind.FILE ? java.util.Optional.of(Path.of(location)) : java.util.Optional.empty();
    }

    /**
     * The directory that relative paths in the template (local artifacts such as {@code Code}) are resolved against:
     * the template file's directory, or the working directory for classpath and inline templates.
     */
    public Path baseDirectory() {
        if (kind == Kind.CDK) {
            return Path.of(location).toAbsolutePath();
        }
        if (kind == Kind.CDK_APP) {
            return dev.cloudtest.core.internal.cdk.CdkSynth.assembly(location);
        }
        return templateFile()
                .map(f -> f.toAbsolutePath().getParent())
                .orElse(Path.of("").toAbsolutePath());
    }

    /**
     * Reads the template text.
     *
     * @throws ConfigurationException naming the path or resource when it cannot be read
     */
    public String readTemplate() {
        switch (kind) {
            case INLINE:
                return location;
            case CDK:
                return dev.cloudtest.core.internal.cdk.CdkAssembly.read(
                                Path.of(location), java.util.Optional.ofNullable(cdkStack))
                        .template();
            case CDK_APP:
                return dev.cloudtest.core.internal.cdk.CdkAssembly.read(
                                dev.cloudtest.core.internal.cdk.CdkSynth.assembly(location),
                                java.util.Optional.ofNullable(cdkStack))
                        .template();
            case FILE:
                try {
                    return Files.readString(Path.of(location), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new ConfigurationException(
                            "Template file not found: " + Path.of(location).toAbsolutePath()
                                    + ". Check the path (it is relative to the working directory "
                                    + Path.of("").toAbsolutePath() + ").");
                } catch (IOException e) {
                    throw new ConfigurationException(
                            "Cannot read template file " + location + ": " + e.getMessage(), e);
                }
            default:
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                if (loader == null) {
                    loader = StackSpec.class.getClassLoader();
                }
                try (InputStream in = loader.getResourceAsStream(location)) {
                    if (in == null) {
                        throw new ConfigurationException("Template not found on the classpath: " + location
                                + ". Put it under src/test/resources (or src/main/resources), or use a file path.");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ConfigurationException(
                            "Cannot read template " + templateOrigin() + ": " + e.getMessage(), e);
                }
        }
    }

    /**
     * A short hash of what this spec provisions: the template (as CloudFormation reads it), the content of the local
     * artifacts it refers to, parameters, extra capabilities and user tags. Equal specs, and a spec whose template and artifacts did not change, have equal
     * fingerprints; cloudtest uses it to recognise a stack it may reuse or attach to.
     *
     * @throws ConfigurationException when the template cannot be read or parsed
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(
                dev.cloudtest.core.internal.pipeline.SpecFingerprint.templateAndArtifacts(readTemplate(), this));
        new java.util.TreeMap<>(parameters)
                .forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        capabilities.forEach(c -> text.append("\ncapability:").append(c));
        new java.util.TreeMap<>(tags)
                .forEach((k, v) -> text.append("\ntag:").append(k).append('=').append(v));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checkId(String id) {
        if (!id.matches("[a-zA-Z][a-zA-Z0-9-]{0,63}")) {
            throw new ConfigurationException(
                    "Invalid stack id '" + id + "': use 1-64 letters, digits or '-', starting with a letter.");
        }
        return id;
    }

    /** {@code QuotesStack} → {@code quotes-stack}: a CDK name as a stack id (stack names become resource names). */
    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String defaultId(Kind kind, String location) {
        if (kind == Kind.INLINE) {
            return "stack";
        }
        String file = location.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        int dot = file.indexOf('.');
        if (dot > 0) {
            file = file.substring(0, dot);
        }
        String id = file.replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("^[^a-zA-Z]+|-+$", "");
        if (id.length() > 64) {
            id = id.substring(0, 64).replaceAll("-+$", "");
        }
        return id.isEmpty() ? "stack" : id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackSpec other
                && id.equals(other.id)
                && kind == other.kind
                && location.equals(other.location)
                && Objects.equals(cdkStack, other.cdkStack)
                && parameters.equals(other.parameters)
                && capabilities.equals(other.capabilities)
                && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, location, cdkStack, parameters, capabilities, tags);
    }

    @Override
    public String toString() {
        return "StackSpec[id=" + id + ", template=" + templateOrigin() + ", parameters=" + parameters.keySet()
                + ", tags=" + tags + "]";
    }

    /** Builds a {@link StackSpec}. */
    public static final class Builder {
        private String id;
        private Kind kind;
        private String location;
        private String cdkStack;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Set<String> capabilities = new TreeSet<>();
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {}

        /** The stack's short name (default: the template's file name without extension). */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * A template file, or a CDK cloud assembly: a directory with a {@code manifest.json}, such as {@code cdk.out}
         * after {@code cdk synth} (see {@link #cdkStack}).
         */
        public Builder template(Path file) {
            this.kind = Kind.FILE;
            this.location = Objects.requireNonNull(file, "file").toString();
            return this;
        }

        /**
         * A Java CDK app, by its main class (on the test classpath, with aws-cdk-lib): synthesised once per JVM as
         * {@code cdk synth} would, into {@code target/cloudtest/cdk.out/<class>/<pid>}, then read as {@link
         * #template(Path)} reads a cloud assembly. The app runs in this JVM's working directory (the module's, in
         * failsafe and surefire), which relative {@code Code.fromAsset} paths resolve against. Needs Node.js 18 or
         * later on the PATH (aws-cdk-lib runs on jsii).
         */
        public Builder cdkApp(String mainClass) {
            this.kind = Kind.CDK_APP;
            this.location = Objects.requireNonNull(mainClass, "mainClass");
            return this;
        }

        /**
         * Which stack of a CDK cloud assembly ({@link #template(Path)} naming its directory), by its name in the app;
         * needed when the app has several stacks. The stack's file assets used as Lambda code or layer content are
         * packaged from the assembly, so it needs no {@code cdk bootstrap}.
         */
        public Builder cdkStack(String name) {
            this.cdkStack = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A template on the classpath, e.g. {@code "stacks/orders.yaml"}. */
        public Builder templateResource(String resource) {
            this.kind = Kind.CLASSPATH;
            this.location = Objects.requireNonNull(resource, "resource").replaceFirst("^/", "");
            return this;
        }

        /** The template's text itself (YAML or JSON). */
        public Builder templateBody(String body) {
            this.kind = Kind.INLINE;
            this.location = Objects.requireNonNull(body, "body");
            return this;
        }

        /** A parameter value. */
        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Parameter values. */
        public Builder parameters(Map<String, String> values) {
            values.forEach(this::parameter);
            return this;
        }

        /**
         * Parameters written as {@code Name=value}, as in {@code @CloudStack(parameters = "Stage=test")}.
         *
         * @throws ConfigurationException for an entry without '='
         */
        public Builder parameters(String... entries) {
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigurationException("Invalid parameter '" + entry + "': write it as Name=value.");
                }
                parameter(entry.substring(0, eq).trim(), entry.substring(eq + 1));
            }
            return this;
        }

        /** A capability to grant beyond those detected from the template (e.g. {@code CAPABILITY_AUTO_EXPAND}). */
        public Builder capability(String capability) {
            capabilities.add(Objects.requireNonNull(capability, "capability"));
            return this;
        }

        /** A user tag; keys starting with {@code cloudtest:} are reserved and rejected. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** User tags. */
        public Builder tags(Map<String, String> values) {
            values.forEach(this::tag);
            return this;
        }

        /** Applies a group of settings. */
        public Builder apply(Consumer<Builder> settings) {
            settings.accept(this);
            return this;
        }

        /**
         * The spec.
         *
         * @throws ConfigurationException when no template was given or the id is invalid
         * @throws GuardViolationException when a user tag uses the reserved {@code cloudtest:} prefix
         */
        public StackSpec build() {
            return new StackSpec(this);
        }
    }
}
