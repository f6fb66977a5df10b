package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.CloudTestException;
import dev.cloudtest.junit5.CloudStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.commons.support.AnnotationSupport;

/** Reads {@link CloudStack} annotations into {@link StackDeclaration}s and checks the set a class declares. */
public final class Declarations {
    private Declarations() {}

    /** The stacks declared with {@code @CloudStack} on the class (and, {@code @Inherited}, its superclasses). */
    public static List<StackDeclaration> fromAnnotations(Class<?> testClass, TemplateLocation templates) {
        List<StackDeclaration> declarations = new ArrayList<>();
        for (CloudStack annotation : AnnotationSupport.findRepeatableAnnotations(testClass, CloudStack.class)) {
            declarations.add(fromAnnotation(annotation, testClass, templates));
        }
        return declarations;
    }

    /** One annotation as a declaration. */
    public static StackDeclaration fromAnnotation(
            CloudStack annotation, Class<?> testClass, TemplateLocation templates) {
        String where = (annotation.cdkApp().isBlank()
                        ? "@CloudStack(template = \"" + annotation.template() + "\")"
                        : "@CloudStack(cdkApp = \"" + annotation.cdkApp() + "\")")
                + " on " + testClass.getName();
        try {
            StackSpec.Builder builder = StackSpec.builder();
            if (!annotation.cdkApp().isBlank()) {
                if (!annotation.template().isBlank()) {
                    throw new PreconditionViolationException(where + " names both a template and cdkApp \""
                            + annotation.cdkApp() + "\": give one of them.");
                }
                builder.cdkApp(annotation.cdkApp().strip());
            } else {
                templates.apply(annotation.template(), builder, where);
            }
            if (!annotation.id().isBlank()) {
                builder.id(annotation.id().strip());
            }
            if (!annotation.cdkStack().isBlank()) {
                builder.cdkStack(annotation.cdkStack().strip());
            }
            builder.parameters(annotation.parameters());
            builder.tags(parseTags(annotation.tags(), where));
            return new StackDeclaration(
                    builder.build(),
                    annotation.lifecycle(),
                    !annotation.id().isBlank(),
                    where,
                    annotation.keep().policy());
        } catch (CloudTestException e) {
            // StackSpec's own checks (id, parameters, reserved tags) say what is wrong; say where as well.
            throw new PreconditionViolationException(where + ": " + e.getMessage(), e);
        }
    }

    /** Tags written {@code key=value}. */
    static Map<String, String> parseTags(String[] entries, String where) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new PreconditionViolationException(
                        where + ": invalid tag '" + entry + "'. Write tags as key=value, e.g. tags = \"team=orders\".");
            }
            tags.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return tags;
    }

    /**
     * Checks the stacks of one class: at least one; with several, each has an explicit id and no id is used twice.
     *
     * @throws PreconditionViolationException saying how to fix the declarations
     */
    public static void check(Class<?> testClass, List<StackDeclaration> declarations) {
        if (declarations.isEmpty()) {
            throw new PreconditionViolationException(testClass.getName()
                    + " uses CloudTestExtension but declares no stack. Annotate it with @CloudStack(template = "
                    + "\"stacks/my-stack.yaml\"), or register CloudTestExtension.builder().stack(...).build() in a "
                    + "static @RegisterExtension field.");
        }
        if (declarations.size() > 1) {
            List<String> withoutId = declarations.stream()
                    .filter(d -> !d.explicitId())
                    .map(StackDeclaration::source)
                    .toList();
            if (!withoutId.isEmpty()) {
                throw new PreconditionViolationException(testClass.getName() + " declares " + declarations.size()
                        + " stacks, so each needs an id to be referred to by @StackRef. Add id = \"...\" to: "
                        + String.join("; ", withoutId) + ".");
            }
        }
        Map<String, List<String>> byId = declarations.stream()
                .collect(Collectors.groupingBy(
                        StackDeclaration::id,
                        LinkedHashMap::new,
                        Collectors.mapping(StackDeclaration::source, Collectors.toList())));
        byId.forEach((id, sources) -> {
            if (sources.size() > 1) {
                throw new PreconditionViolationException(testClass.getName() + " declares stack id '" + id + "' "
                        + sources.size() + " times (" + String.join("; ", sources)
                        + "). Give each stack its own id.");
            }
        });
    }
}
