package dev.cloudtest.core.internal.toolchain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The exact versions of the emulator toolchain (moto server, cfn-lint, aws-sam-translator and everything they need),
 * shipped in the jar as a pip requirements file. Its hash names the cache directory, so a cloudtest with other pins
 * installs beside, never over, an older toolchain.
 */
public final class ToolchainLock {
    static final String RESOURCE = "/dev/cloudtest/core/toolchain/toolchain.lock";
    /** The packages cloudtest runs; the rest of the file is what they need. */
    public static final String MOTO = "moto";

    public static final String CFN_LINT = "cfn-lint";
    public static final String SAM_TRANSLATOR = "aws-sam-translator";
    /** SAM CLI, installed without its dependencies for its {@code AWS::LanguageExtensions} processor. */
    public static final String SAM_CLI = "aws-sam-cli";

    private static final String NO_DEPS = "#no-deps ";

    private static final ToolchainLock SHIPPED = load();

    private final String content;
    private final Map<String, String> pins;
    private final java.util.List<String> withoutDependencies;

    ToolchainLock(String content) {
        this.content = content;
        Map<String, String> parsed = new LinkedHashMap<>();
        java.util.List<String> noDeps = new java.util.ArrayList<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(NO_DEPS)) {
                trimmed = trimmed.substring(NO_DEPS.length()).strip();
                noDeps.add(trimmed);
            } else if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf("==");
            if (eq < 0) {
                throw new IllegalStateException("toolchain.lock pins exact versions only, not '" + trimmed + "'");
            }
            parsed.put(
                    normalize(trimmed.substring(0, eq)),
                    trimmed.substring(eq + 2).strip());
        }
        this.pins = Map.copyOf(parsed);
        this.withoutDependencies = java.util.List.copyOf(noDeps);
    }

    /**
     * The {@code #no-deps} pins ({@code aws-sam-cli==1.170.0}), installed after the rest with {@code pip install
     * --no-deps}: packages of which the toolchain uses a module that needs nothing beyond the rest of the lock.
     */
    public java.util.List<String> withoutDependencies() {
        return withoutDependencies;
    }

    /** The lock file in this cloudtest's jar. */
    public static ToolchainLock shipped() {
        return SHIPPED;
    }

    private static ToolchainLock load() {
        try (InputStream in = ToolchainLock.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from cloudtest-core's jar");
            }
            return new ToolchainLock(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as shipped, for {@code pip install -r}. */
    public String content() {
        return content;
    }

    /** The first 12 hex digits of the file's SHA-256: names the cache directory and is part of lint cache keys. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pinned version of a package (pip's normalized name), if the file pins it. */
    public Optional<String> version(String pkg) {
        return Optional.ofNullable(pins.get(normalize(pkg)));
    }

    /** {@code moto 5.2.5, cfn-lint 1.58.0, aws-sam-translator 1.115.0}: the tools, for logs and errors. */
    public String summary() {
        return MOTO + " " + version(MOTO).orElse("?") + ", " + CFN_LINT + " "
                + version(CFN_LINT).orElse("?") + ", " + SAM_TRANSLATOR + " "
                + version(SAM_TRANSLATOR).orElse("?");
    }

    /** pip's name normalization (PEP 503): case and runs of {@code -_.} do not matter. */
    static String normalize(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
