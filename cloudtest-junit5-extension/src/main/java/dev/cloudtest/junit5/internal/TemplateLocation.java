package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.commons.PreconditionViolationException;

/**
 * Resolves {@code @CloudStack(template = ...)}: {@code file:} prefix → file; {@code classpath:} prefix → classpath
 * resource; otherwise a classpath resource when one exists, else a file relative to the working directory when one
 * exists. Anything else is an error before provisioning.
 */
public final class TemplateLocation {
    private static final String FILE = "file:";
    private static final String CLASSPATH = "classpath:";

    private final ClassLoader classLoader;
    private final Path workingDirectory;

    /** Looks on the given class loader and relative to the given directory. */
    public TemplateLocation(ClassLoader classLoader, Path workingDirectory) {
        this.classLoader = classLoader;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Applies the template to the builder.
     *
     * @param where the declaration, for the error message
     * @throws PreconditionViolationException when the template is blank or found nowhere
     */
    public StackSpec.Builder apply(String template, StackSpec.Builder builder, String where) {
        String value = template.strip();
        if (value.isEmpty()) {
            throw new PreconditionViolationException(
                    where + " has no template. Set template = \"stacks/my-stack.yaml\" (a classpath resource), "
                            + "\"file:path/to/template.yaml\", \"cdk.out\" (a synthesised CDK app), or cdkApp = "
                            + "\"com.example.MyApp\".");
        }
        if (value.startsWith(FILE)) {
            Path file = resolve(value.substring(FILE.length()));
            if (isCdkAssembly(file)) {
                return builder.template(file);
            }
            if (!Files.isRegularFile(file)) {
                throw new PreconditionViolationException(where + ": template file " + file + " does not exist. Paths "
                        + "after 'file:' are relative to the working directory " + workingDirectory + ".");
            }
            return builder.template(file);
        }
        if (value.startsWith(CLASSPATH)) {
            String resource = stripSlash(value.substring(CLASSPATH.length()));
            if (classLoader.getResource(resource) == null) {
                throw new PreconditionViolationException(where + ": template '" + resource
                        + "' is not on the classpath. Put it under src/test/resources (or src/main/resources).");
            }
            return builder.templateResource(resource);
        }
        if (isCdkAssembly(resolve(value))) {
            return builder.template(resolve(value)); // a CDK app's cloud assembly, e.g. cdk.out
        }
        if (classLoader.getResource(stripSlash(value)) != null) {
            return builder.templateResource(stripSlash(value));
        }
        Path file = resolve(value);
        if (Files.isRegularFile(file)) {
            return builder.template(file);
        }
        throw new PreconditionViolationException(where + ": template '" + value
                + "' is neither a classpath resource nor a file relative to the working directory "
                + workingDirectory + ". Put it under src/test/resources, or give a file path (e.g. \"file:"
                + "src/main/cloudformation/" + Path.of(value).getFileName() + "\").");
    }

    /** A CDK app's cloud assembly ({@code cdk.out}): {@link StackSpec.Builder#template(Path)} reads it as one. */
    private static boolean isCdkAssembly(Path directory) {
        return Files.isRegularFile(directory.resolve("manifest.json"));
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : workingDirectory.resolve(p).normalize();
    }

    private static String stripSlash(String resource) {
        return resource.startsWith("/") ? resource.substring(1) : resource;
    }
}
