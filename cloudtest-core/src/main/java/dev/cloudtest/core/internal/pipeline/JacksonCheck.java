package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.exception.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Jackson is part of cloudtest's public API ({@code ApiResponse.json()}, {@code CapturedMessage.json()}) and of its
 * reports, so a project's own Jackson is the one cloudtest runs with. Checked once at the start of a run: a Jackson
 * older than {@link #MINIMUM}, or jars of different versions that do not work together (a pinned older
 * {@code jackson-annotations} beside a newer {@code jackson-databind} fails with {@code NoClassDefFoundError} deep
 * inside the first mapper), refuses the run before anything is created, naming what was found and how to align it.
 * Mixed versions that do work together are left alone.
 */
public final class JacksonCheck {
    /** The oldest Jackson cloudtest is tested with: the JUnit extension's src/it/jackson-2-13 runs a journey on 2.13.5. */
    public static final String MINIMUM = "2.13";

    private JacksonCheck() {}

    /**
     * @throws ConfigurationException when Jackson on the classpath is too old or its jars do not work together
     */
    public static void require() {
        Map<String, String> found = versions();
        String databind = found.get("jackson-databind");
        try {
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                    .writeValueAsString(Map.of("at", java.time.Instant.EPOCH));
        } catch (LinkageError | com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new ConfigurationException("cloudtest cannot use the Jackson on this classpath: " + describe(found)
                    + " do not work together (" + e + "). cloudtest needs Jackson " + MINIMUM
                    + " or later with its jars at one version: import the Jackson BOM, e.g. "
                    + "com.fasterxml.jackson:jackson-bom:" + orElse(databind, MINIMUM + ".0")
                    + " (type pom, scope import) in <dependencyManagement>, or remove the pin of the odd one out.");
        }
        if (databind != null && olderThanMinimum(databind)) {
            throw new ConfigurationException("cloudtest needs Jackson " + MINIMUM + " or later; this classpath has "
                    + describe(found) + ". Raise the project's Jackson (com.fasterxml.jackson:jackson-bom:"
                    + MINIMUM + ".0 or later in <dependencyManagement>).");
        }
    }

    /** The versions of Jackson's jars on the classpath, by artifact id; "unknown" where a jar does not say. */
    static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put(
                "jackson-databind",
                quietly(() -> com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()));
        versions.put("jackson-core", quietly(() -> com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()));
        versions.put("jackson-annotations", quietly(() -> com.fasterxml.jackson.annotation.JsonProperty.class
                .getPackage()
                .getImplementationVersion()));
        versions.put(
                "jackson-datatype-jsr310",
                quietly(() -> com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString()));
        return versions;
    }

    private static String quietly(Supplier<String> version) {
        try {
            String value = version.get();
            return value == null || value.isBlank() ? "unknown" : value;
        } catch (LinkageError | RuntimeException e) {
            return "missing";
        }
    }

    private static String describe(Map<String, String> versions) {
        StringBuilder text = new StringBuilder();
        versions.forEach((artifact, version) -> text.append(text.length() == 0 ? "" : ", ")
                .append(artifact)
                .append(' ')
                .append(version));
        return text.toString();
    }

    /** Whether a version such as {@code 2.12.7} is older than {@link #MINIMUM}. */
    static boolean olderThanMinimum(String version) {
        return older(version, MINIMUM);
    }

    /**
     * Whether a version such as {@code 2.17.1} or {@code 2.20.0-rc1} is older than {@code minimum} ({@code
     * major.minor}); a version that cannot be read (a property, a qualifier only) is not older.
     */
    public static boolean older(String version, String minimum) {
        if (version == null) {
            return false;
        }
        String[] have = version.split("[.-]");
        String[] need = minimum.split("\\.");
        try {
            for (int i = 0; i < need.length; i++) {
                int h = i < have.length ? Integer.parseInt(have[i]) : 0;
                int n = Integer.parseInt(need[i]);
                if (h != n) {
                    return h < n;
                }
            }
            return false;
        } catch (NumberFormatException e) {
            return false; // a version cloudtest cannot read is not refused for it
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.equals("unknown") || value.equals("missing") ? fallback : value;
    }
}
