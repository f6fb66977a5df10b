package dev.cloudtest.core.internal.naming;

import dev.cloudtest.core.exception.ConfigurationException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Run ids: from the CI job when there is one (so every JVM of one CI job agrees), else random. */
public final class RunIds {
    /** Run ids are short enough to leave room for the prefix and stack id within CloudFormation's 128 characters. */
    public static final int MAX_LENGTH = 24;

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_LENGTH - 1) + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** CI job identifiers, most specific first; attempts are appended so that a re-run gets its own id. */
    private static final List<List<String>> CI_VARIABLES = List.of(
            List.of("GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT"),
            List.of("CI_JOB_ID"),
            List.of("BUILDKITE_JOB_ID"),
            List.of("CIRCLE_WORKFLOW_JOB_ID"),
            List.of("CODEBUILD_BUILD_NUMBER"),
            List.of("BUILD_TAG"));

    /** Session ids: short, as they end every stack name. */
    public static final int MAX_SESSION_LENGTH = 8;

    private static final Pattern VALID_SESSION = Pattern.compile("[a-z0-9]{1," + MAX_SESSION_LENGTH + "}");

    /**
     * This JVM's session id ({@code cloudtest.session} unless configured): 6 random characters, fixed for the JVM's
     * life, so that JVMs sharing a run id still name their stacks apart.
     */
    public static final String JVM_SESSION = random().substring(0, 6);

    private RunIds() {}

    /** The configured session id, checked: 1-8 lower-case letters or digits. */
    public static String validateSession(String value, String described) {
        String id = value.trim().toLowerCase(Locale.ROOT);
        if (!VALID_SESSION.matcher(id).matches()) {
            throw new ConfigurationException(
                    "Invalid session id " + described + ". Use 1-" + MAX_SESSION_LENGTH + " letters or digits.");
        }
        return id;
    }

    /** The configured run id, checked: lower-case letters, digits and '-', at most 24 characters. */
    public static String validate(String value, String described) {
        String id = value.trim().toLowerCase(Locale.ROOT);
        if (!VALID.matcher(id).matches()) {
            throw new ConfigurationException("Invalid run id " + described + ". Use 1-" + MAX_LENGTH
                    + " letters, digits or '-', starting with a letter or digit.");
        }
        return id;
    }

    /** The CI job id from the environment, sanitised, else a random id. */
    public static String fromEnvironmentOrRandom() {
        return fromEnvironment(System.getenv()).orElseGet(RunIds::random);
    }

    /** The CI job id found in {@code environment}, sanitised. */
    public static Optional<String> fromEnvironment(Map<String, String> environment) {
        for (List<String> names : CI_VARIABLES) {
            String first = environment.get(names.get(0));
            if (first != null && !first.isBlank()) {
                StringBuilder id = new StringBuilder(first);
                for (String extra : names.subList(1, names.size())) {
                    String value = environment.get(extra);
                    if (value != null && !value.isBlank()) {
                        id.append('-').append(value);
                    }
                }
                String sanitized = sanitize(id.toString());
                if (!sanitized.isEmpty()) {
                    return Optional.of(sanitized);
                }
            }
        }
        return Optional.empty();
    }

    /** A random id: 10 characters of {@code [a-z0-9]}, starting with a letter. */
    public static String random() {
        StringBuilder id = new StringBuilder();
        id.append(ALPHABET.charAt(RANDOM.nextInt(26)));
        for (int i = 1; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** Lower-case, {@code [a-z0-9-]} only, no leading/trailing/double '-', at most 24 characters (keeping the end, which varies most). */
    public static String sanitize(String value) {
        String id = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (id.length() > MAX_LENGTH) {
            id = id.substring(id.length() - MAX_LENGTH).replaceAll("^-+", "");
        }
        return id;
    }

    /** An owner name fit for a tag value: printable, at most 64 characters. */
    public static String sanitizeOwner(String value) {
        String owner = value.trim().replaceAll("[^\\p{Alnum} _.:/=+@-]", "_");
        if (owner.isEmpty()) {
            owner = "unknown";
        }
        return owner.length() > 64 ? owner.substring(0, 64) : owner;
    }
}
