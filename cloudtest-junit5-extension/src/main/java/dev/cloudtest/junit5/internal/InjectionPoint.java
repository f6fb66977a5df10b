package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.Output;
import dev.cloudtest.junit5.StackRef;
import dev.cloudtest.junit5.StackResource;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.PreconditionViolationException;
import software.amazon.awssdk.core.SdkClient;

/**
 * A field or parameter the extension fills: what it wants (an output, a resource's physical id or its {@link
 * LocalFunction}, the {@link Stack}, an SDK client, or {@link Probes}), from which stack, and where
 * it is (for messages).
 *
 * @param kind what is injected
 * @param stackRef the stack id from {@link StackRef}, when given
 * @param key the output key or logical id ({@link Kind#OUTPUT}, {@link Kind#RESOURCE}, {@link Kind#LOCAL_FUNCTION}),
 *     else empty
 * @param type the declared type
 * @param description where it is, e.g. {@code parameter 'api' of OrdersIT.accepts(URI)}
 */
public record InjectionPoint(Kind kind, Optional<String> stackRef, String key, Class<?> type, String description) {

    /** What an injection point wants. */
    public enum Kind {
        /** A stack output ({@link Output}). */
        OUTPUT,
        /** A resource's physical id ({@link StackResource}). */
        RESOURCE,
        /** The {@link LocalFunction} of a function resource ({@link StackResource} on a {@code LocalFunction}). */
        LOCAL_FUNCTION,
        /** The {@link dev.cloudtest.core.Schedule} of a schedule resource ({@link StackResource} on a {@code Schedule}). */
        SCHEDULE,
        /** The core {@link Stack}. */
        STACK,
        /** An SDK v2 client of the run's session. */
        CLIENT,
        /** The journey toolkit's {@link Probes}. */
        PROBES
    }

    public InjectionPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stackRef, "stackRef");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The injection point of a parameter: one annotated with {@link Output} / {@link StackResource}, or of type
     * {@link Stack} or an SDK client; empty for any other parameter (not ours).
     *
     * @throws PreconditionViolationException when the annotations and the type do not fit together
     */
    public static Optional<InjectionPoint> ofParameter(Parameter parameter, String description) {
        return of(parameter, parameter.getType(), description, true);
    }

    /**
     * The injection point of a field: one annotated with {@link Output}, {@link StackResource} or {@link StackRef}; empty
     * for any other field (fields are never injected by type alone).
     *
     * @throws PreconditionViolationException when the annotations and the type do not fit together, or the field is
     *     final
     */
    public static Optional<InjectionPoint> ofField(Field field) {
        String description = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
        Optional<InjectionPoint> point = of(field, field.getType(), description, false);
        if (point.isPresent() && Modifier.isFinal(field.getModifiers())) {
            throw new PreconditionViolationException(
                    description + " is final, so it cannot be injected. Remove 'final'.");
        }
        return point;
    }

    private static Optional<InjectionPoint> of(
            AnnotatedElement element, Class<?> type, String description, boolean byType) {
        Output output = element.getAnnotation(Output.class);
        StackResource resource = element.getAnnotation(StackResource.class);
        StackRef ref = element.getAnnotation(StackRef.class);
        Optional<String> stackRef =
                Optional.ofNullable(ref).map(StackRef::value).filter(v -> !v.isBlank());
        if (output != null && resource != null) {
            throw new PreconditionViolationException(description
                    + " has both @Output and @StackResource. Use @Output for a stack output, @StackResource for a resource's "
                    + "physical id.");
        }
        if (output != null) {
            if (type != String.class && type != URI.class) {
                throw new PreconditionViolationException("@Output(\"" + output.value() + "\") on " + description
                        + " has type " + type.getName() + ". Outputs are injected as String or java.net.URI.");
            }
            return Optional.of(new InjectionPoint(Kind.OUTPUT, stackRef, output.value(), type, description));
        }
        if (resource != null) {
            if (type == LocalFunction.class || type == dev.cloudtest.core.Schedule.class) {
                Kind handle = type == LocalFunction.class ? Kind.LOCAL_FUNCTION : Kind.SCHEDULE;
                return Optional.of(new InjectionPoint(handle, stackRef, resource.value(), type, description));
            }
            if (type != String.class) {
                throw new PreconditionViolationException(
                        "@StackResource(\"" + resource.value() + "\") on " + description
                                + " has type " + type.getName()
                                + ". Physical ids are injected as String; a function that "
                                + "runs locally as dev.cloudtest.core.LocalFunction, a schedule as dev.cloudtest.core.Schedule.");
            }
            return Optional.of(new InjectionPoint(Kind.RESOURCE, stackRef, resource.value(), type, description));
        }
        Optional<Kind> kind = kindOf(type);
        if (kind.isPresent() && (byType || ref != null)) {
            return Optional.of(new InjectionPoint(kind.get(), stackRef, "", type, description));
        }
        if (ref != null) {
            throw new PreconditionViolationException("@StackRef on " + description + " of type " + type.getName()
                    + ": cloudtest injects dev.cloudtest.core.Stack, SDK v2 clients (e.g. S3Client), Probes, and "
                    + "with @Output / @StackResource a String (or URI for outputs).");
        }
        return Optional.empty();
    }

    private static Optional<Kind> kindOf(Class<?> type) {
        if (type == Stack.class) {
            return Optional.of(Kind.STACK);
        }
        if (SdkClient.class.isAssignableFrom(type) && type != SdkClient.class) {
            return Optional.of(Kind.CLIENT);
        }
        if (type == Probes.class) {
            return Optional.of(Kind.PROBES);
        }
        return Optional.empty();
    }

    /**
     * Checks that the point refers to a declared stack: a known {@link StackRef} id, or no id when there is only one
     * stack (clients never need one).
     *
     * @param stackIds the ids the class declares, in declaration order
     * @throws PreconditionViolationException saying which ids exist and how to refer to one
     */
    public void check(List<String> stackIds) {
        if (stackRef.isPresent()) {
            if (!stackIds.contains(stackRef.get())) {
                throw new PreconditionViolationException("@StackRef(\"" + stackRef.get() + "\") on " + description
                        + " refers to no declared stack. Declared stack ids: " + stackIds + ".");
            }
            return;
        }
        if (kind != Kind.CLIENT && kind != Kind.PROBES && stackIds.size() > 1) {
            throw new PreconditionViolationException(description + " does not say which stack it means, and there are "
                    + stackIds.size() + " stacks " + stackIds + ". Add @StackRef(\"" + stackIds.get(0) + "\") (or "
                    + "another of those ids).");
        }
    }

    /**
     * The value for this point.
     *
     * @param stacks the provisioned stacks by id, in declaration order
     * @throws ExtensionConfigurationException naming the point when the stack has no such output or resource, or
     *     an output is not a URI
     */
    public Object resolve(Map<String, Stack> stacks, CloudSession session) {
        return resolve(stacks, session, null, null);
    }

    /**
     * The value for this point, with the run's probes for {@link Kind#PROBES}, and the run itself for {@link
     * Kind#LOCAL_FUNCTION} and {@link Kind#SCHEDULE}.
     */
    public Object resolve(
            Map<String, Stack> stacks, CloudSession session, Probes probes, dev.cloudtest.core.CloudTestRun run) {
        Stack stack = stackRef.map(stacks::get)
                .orElseGet(() -> stacks.values().iterator().next());
        try {
            return switch (kind) {
                case OUTPUT -> type == URI.class ? toUri(stack.output(key), stack) : stack.output(key);
                case RESOURCE -> stack.physicalId(key);
                case LOCAL_FUNCTION -> Objects.requireNonNull(run, "run").localFunction(stack, key);
                case SCHEDULE -> Objects.requireNonNull(run, "run").schedule(stack, key);
                case STACK -> stack;
                case CLIENT -> session.client(type.asSubclass(SdkClient.class));
                case PROBES -> Objects.requireNonNull(probes, "probes");
            };
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("Cannot inject " + description + ": " + e.getMessage(), e);
        }
    }

    private URI toUri(String value, Stack stack) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("output '" + key + "' of stack " + stack.name() + " is '" + value
                    + "', which is not a URI. Inject it as String.");
        }
    }
}
