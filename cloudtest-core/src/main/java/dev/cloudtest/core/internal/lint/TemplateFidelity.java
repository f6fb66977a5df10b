package dev.cloudtest.core.internal.lint;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import dev.cloudtest.core.internal.toolchain.ToolchainLock;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The fidelity check: on emulator targets (the one cloudtest starts, {@code cloudtest.endpoint}, containers), the
 * template as the user wrote it is linted with cfn-lint before anything is created, so that what CloudFormation would
 * reject — unknown properties, wrong value types, undefined {@code Ref}/{@code GetAtt}/{@code Sub} names, missing
 * required properties, invalid resource types — is refused on the emulator too, with the rule, the resource, the file
 * and the line. Warnings are logged ({@code cloudtest.lint=warning} makes them fatal). The project's {@code
 * .cfnlintrc} applies: the nearest one in the template's directory or a parent (the working directory's for classpath
 * and inline templates), as cfn-lint's own {@code ignore_checks} and resource {@code Metadata} do.
 */
public final class TemplateFidelity implements StackHook {
    private static final Logger LOG = Loggers.get(TemplateFidelity.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    /**
     * Findings that do not apply to cloudtest: W3002 ("this code may only work with the package cli command") warns
     * of local artifact paths, which cloudtest packages itself as {@code aws cloudformation package} would.
     */
    static final Set<String> NOT_APPLICABLE = Set.of("W3002");

    /** How findings count. */
    public enum Mode {
        ERROR,
        WARNING,
        OFF;

        /** {@code cloudtest.lint}, checked. */
        public static Mode of(CloudTestConfig config) {
            String value =
                    config.raw(CloudTestConfig.LINT).orElse("error").strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "error" -> ERROR;
                case "warning" -> WARNING;
                case "off" -> OFF;
                default ->
                    throw new ConfigurationException("Invalid " + config.describe(CloudTestConfig.LINT)
                            + ": use error (the default), warning or off.");
            };
        }
    }

    public static final StackHookProvider PROVIDER = context -> {
        if (!context.emulated()) {
            return Optional.empty(); // CloudFormation itself checks on AWS
        }
        Mode mode = Mode.of(context.config());
        if (mode == Mode.OFF) {
            if (WARNED.add("off")) {
                LOG.warn("cloudtest: cloudtest.lint=off: templates are not checked, and the emulator accepts much that "
                        + "CloudFormation rejects");
            }
            return Optional.empty();
        }
        return Optional.of(new TemplateFidelity(context, mode));
    };

    private final HookContext context;
    private final Mode mode;
    private volatile TemplateTools tools;

    private TemplateFidelity(HookContext context, Mode mode) {
        this.context = context;
        this.mode = mode;
    }

    /** The tools, resolved (and installed) on first use. */
    TemplateTools tools() {
        TemplateTools resolved = tools;
        if (resolved == null) {
            resolved = new TemplateTools(
                    Toolchains.templateTools(context.config()), Toolchains.cacheRoot(context.config()));
            tools = resolved;
        }
        return resolved;
    }

    @Override
    public String name() {
        return "fidelity";
    }

    @Override
    public Optional<String> phase() {
        return Optional.of("lint");
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        List<String> lines = new ArrayList<>();
        Linted linted = lint(stack.spec());
        String tool = "cfn-lint "
                + tools().toolchain().version(ToolchainLock.CFN_LINT).orElse("?");
        long errors = linted.findings().stream().filter(this::fatal).count();
        lines.add(tool + ": " + (errors == 0 ? "no errors" : errors + " error(s)") + ", "
                + linted.findings().stream()
                        .filter(f -> !fatal(f) && f.warning())
                        .count() + " warning(s)"
                + linted.result().configFile().map(rc -> " (config " + rc + ")").orElse(""));
        linted.findings().stream()
                .filter(f -> !fatal(f) && f.warning())
                .forEach(f -> lines.add("warning " + f.format(linted.displayName())));
        String moto = "moto " + tools().toolchain().version(ToolchainLock.MOTO).orElse("?");
        wouldNotCreate(stack)
                .forEach(r -> lines.add(moto + " does not create " + r.logicalId() + " (" + r.type() + ")"));
        return lines;
    }

    /**
     * On the moto server cloudtest started (whose version is the toolchain's), the resources of types moto's
     * CloudFormation does not create: it skips them and still reports success.
     */
    @Override
    public List<Template.Resource> wouldNotCreate(PreparedStack stack) {
        if (!context.privateMoto()) {
            return List.of();
        }
        Set<String> created = tools().motoTypes();
        return stack.templates().expanded().resources().values().stream()
                .filter(r -> !created.contains(r.type()))
                .toList();
    }

    @Override
    public void check(PreparedStack stack) {
        Linted linted = lint(stack.spec());
        List<LintFinding> fatal = linted.findings().stream().filter(this::fatal).toList();
        List<LintFinding> warnings =
                linted.findings().stream().filter(f -> !fatal(f) && f.warning()).toList();
        if (!warnings.isEmpty() && WARNED.add(linted.displayName() + warnings)) {
            LOG.warn(
                    "cloudtest: {}: cfn-lint warns (not fatal; cloudtest.lint=warning makes warnings fatal):\n  {}",
                    linted.displayName(),
                    String.join(
                            "\n  ",
                            warnings.stream()
                                    .map(f -> f.format(linted.displayName()))
                                    .toList()));
        }
        LOG.debug(
                "cloudtest: linted {} in {} ms ({})",
                linted.displayName(),
                linted.result().millis(),
                linted.result().source());
        if (fatal.isEmpty()) {
            return;
        }
        String version = tools().toolchain().version(ToolchainLock.CFN_LINT).orElse("?");
        throw new ConfigurationException("The template " + linted.displayName() + " would be rejected by "
                + "CloudFormation; nothing was created. cfn-lint " + version + " found " + fatal.size()
                + (mode == Mode.WARNING ? " error(s) or warning(s)" : " error(s)") + ":\n  "
                + String.join(
                        "\n  ",
                        fatal.stream().map(f -> f.format(linted.displayName())).toList())
                + "\nFix the template. A finding you have checked and accept can be ignored the way cfn-lint "
                + "documents it (ignore_checks in the project's .cfnlintrc, or the resource's Metadata cfn-lint "
                + "config); cloudtest.lint=off turns the check off.");
    }

    private boolean fatal(LintFinding finding) {
        return finding.error() || (mode == Mode.WARNING && finding.warning());
    }

    private record Linted(TemplateTools.LintResult result, String displayName) {
        List<LintFinding> findings() {
            return result.findings().stream()
                    .filter(f -> !NOT_APPLICABLE.contains(f.rule()))
                    .toList();
        }
    }

    private Linted lint(StackSpec spec) {
        Optional<Path> file = spec.templateFile();
        String region = context.session().region();
        if (file.isPresent()) {
            Path path = file.get();
            return new Linted(tools().lint(path, path.toAbsolutePath().getParent(), region), display(path));
        }
        // Classpath and inline templates: linted from a copy; the project's .cfnlintrc is the working directory's.
        try {
            Path dir = Files.createTempDirectory("cloudtest-lint");
            Path copy = dir.resolve("template.yaml");
            Files.writeString(copy, spec.readTemplate(), StandardCharsets.UTF_8);
            try {
                return new Linted(tools().lint(copy, Path.of("").toAbsolutePath(), region), spec.templateOrigin());
            } finally {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new ConfigurationException(
                    "Cannot write a copy of " + spec.templateOrigin() + " to lint it: " + e.getMessage(), e);
        }
    }

    private static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
