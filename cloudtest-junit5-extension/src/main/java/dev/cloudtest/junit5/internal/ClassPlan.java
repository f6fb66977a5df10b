package dev.cloudtest.junit5.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What the extension will do for one test class, worked out and checked before anything is provisioned: the stacks
 * and every field to inject. Parameters of the class's constructors and methods are checked here too, so that a
 * misplaced annotation fails the class up front rather than after a stack was deployed.
 *
 * @param testClass the test class
 * @param declarations the stacks, in declaration order (empty when the class uses its enclosing class's stacks)
 * @param stackIds the ids of the stacks the class's injection points can refer to
 * @param staticFields static fields to inject, with their injection points
 * @param instanceFields instance fields to inject, with their injection points
 */
public record ClassPlan(
        Class<?> testClass,
        List<StackDeclaration> declarations,
        List<String> stackIds,
        Map<Field, InjectionPoint> staticFields,
        Map<Field, InjectionPoint> instanceFields) {

    public ClassPlan {
        declarations = List.copyOf(declarations);
        stackIds = List.copyOf(stackIds);
        staticFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(staticFields));
        instanceFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instanceFields));
    }

    /**
     * Plans a class.
     *
     * @param declarations the class's own stacks; empty to use {@code inheritedIds}
     * @param inheritedIds the enclosing class's stack ids, for a {@code @Nested} class without stacks of its own
     * @throws org.junit.platform.commons.PreconditionViolationException for any misuse, saying how to fix it
     */
    public static ClassPlan of(Class<?> testClass, List<StackDeclaration> declarations, List<String> inheritedIds) {
        List<String> ids;
        if (declarations.isEmpty() && !inheritedIds.isEmpty()) {
            ids = inheritedIds;
        } else {
            Declarations.check(testClass, declarations);
            ids = declarations.stream().map(StackDeclaration::id).toList();
        }
        Map<Field, InjectionPoint> staticFields = new LinkedHashMap<>();
        Map<Field, InjectionPoint> instanceFields = new LinkedHashMap<>();
        for (Field field : ReflectionSupport.findFields(testClass, f -> true, HierarchyTraversalMode.TOP_DOWN)) {
            Optional<InjectionPoint> point = InjectionPoint.ofField(field);
            if (point.isEmpty()) {
                continue;
            }
            point.get().check(ids);
            (Modifier.isStatic(field.getModifiers()) ? staticFields : instanceFields).put(field, point.get());
        }
        for (Executable executable : executables(testClass)) {
            for (Parameter parameter : executable.getParameters()) {
                InjectionPoint.ofParameter(parameter, describe(parameter, executable))
                        .ifPresent(p -> p.check(ids));
            }
        }
        return new ClassPlan(testClass, declarations, ids, staticFields, instanceFields);
    }

    private static List<Executable> executables(Class<?> testClass) {
        List<Executable> executables = new ArrayList<>();
        executables.addAll(Arrays.asList(testClass.getDeclaredConstructors()));
        List<Method> methods = ReflectionSupport.findMethods(
                testClass, m -> !m.isSynthetic() && m.getParameterCount() > 0, HierarchyTraversalMode.TOP_DOWN);
        executables.addAll(methods);
        return executables;
    }

    /** E.g. {@code parameter 'api' of OrdersIT.accepts(URI)}. */
    public static String describe(Parameter parameter, Executable executable) {
        String name = executable instanceof Constructor<?>
                ? executable.getDeclaringClass().getSimpleName()
                : executable.getDeclaringClass().getSimpleName() + "." + executable.getName();
        String types = Arrays.stream(executable.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        String param = parameter.isNamePresent() ? "'" + parameter.getName() + "'" : parameter.getName();
        return "parameter " + param + " of " + name + "(" + types + ")";
    }
}
