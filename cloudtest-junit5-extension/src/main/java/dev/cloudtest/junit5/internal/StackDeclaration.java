package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.StackSpec;
import dev.cloudtest.junit5.StackLifecycle;
import java.util.Objects;

/**
 * One stack a test class asked for.
 *
 * @param spec what to provision
 * @param lifecycle per class or shared
 * @param explicitId whether the user chose the id (rather than it being derived from the template name)
 * @param source where it was declared, for error messages, e.g. {@code @CloudStack(template = "x.yaml") on OrdersIT}
 * @param keep the stack's own keep policy; empty follows {@code cloudtest.keep}
 */
public record StackDeclaration(
        StackSpec spec,
        StackLifecycle lifecycle,
        boolean explicitId,
        String source,
        java.util.Optional<dev.cloudtest.core.KeepPolicy> keep) {
    public StackDeclaration {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keep, "keep");
    }

    /** A declaration that follows {@code cloudtest.keep}. */
    public StackDeclaration(StackSpec spec, StackLifecycle lifecycle, boolean explicitId, String source) {
        this(spec, lifecycle, explicitId, source, java.util.Optional.empty());
    }

    /** The stack's id. */
    public String id() {
        return spec.id();
    }
}
