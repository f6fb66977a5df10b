package dev.cloudtest.core.internal.guard;

import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.internal.template.Template;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The secrets guard for text that leaves cloudtest (exception messages, diagnoses, reports, logs): the values of
 * {@code NoEcho} parameters are replaced by {@value #MASK}. Targets quote rejected values in their errors ("Value
 * '...' at 'type' failed to satisfy constraint"), so a diagnosis built from them must be redacted. Values shorter than
 * {@value #MIN_LENGTH} characters are left alone: masking every "a" would garble the message and protect nothing.
 */
public final class SecretRedaction {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    static final int MIN_LENGTH = 4;

    private SecretRedaction() {}

    /** The values given for the template's {@code NoEcho} parameters, longest first. */
    public static List<String> noEchoValues(Template template, Map<String, String> parameters) {
        Set<String> noEcho = template.parameters().values().stream()
                .filter(Template.Parameter::noEcho)
                .map(Template.Parameter::name)
                .collect(Collectors.toSet());
        return parameters.entrySet().stream()
                .filter(e -> noEcho.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && v.length() >= MIN_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** The text with every secret masked; {@code null} stays {@code null}. */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /**
     * The exception itself when neither it nor its causes mention a secret; else an equivalent one with the diagnosis
     * redacted and each cause replaced by a {@link CloudTestException} carrying its type, redacted message and stack.
     */
    public static ProvisioningFailedException redact(ProvisioningFailedException e, Collection<String> secrets) {
        if (secrets.isEmpty() || !mentions(e, secrets)) {
            return e;
        }
        ProvisioningFailedException redacted = new ProvisioningFailedException(
                e.stackName(),
                redact(e.diagnosis(), secrets),
                e.failedResource().orElse(null),
                redactedCause(e.getCause(), secrets));
        redacted.setStackTrace(e.getStackTrace());
        for (Throwable suppressed : e.getSuppressed()) {
            redacted.addSuppressed(redactedCause(suppressed, secrets));
        }
        return redacted;
    }

    private static boolean mentions(Throwable e, Collection<String> secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (secrets.stream().anyMatch(message::contains)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (mentions(suppressed, secrets)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable redactedCause(Throwable cause, Collection<String> secrets) {
        if (cause == null || !mentions(cause, secrets)) {
            return cause;
        }
        CloudTestException copy = new CloudTestException(
                cause.getClass().getName() + ": " + redact(cause.getMessage(), secrets),
                redactedCause(cause.getCause(), secrets));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }
}
