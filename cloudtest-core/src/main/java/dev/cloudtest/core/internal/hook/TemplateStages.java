package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.internal.template.Template;
import java.util.Objects;

/**
 * The template at each stage of its way to the target. Each consumer reads the stage it needs:
 *
 * <ul>
 *   <li>{@link #written()} — as the user wrote it: errors and lint findings point at this file;
 *   <li>{@link #expanded()} — with transforms applied (SAM, on emulators; else the same as written): what should exist after
 *       creation, and what local functions run (their {@code Code} still names local paths);
 *   <li>{@link #packaged()} — expanded, with local artifacts uploaded and their paths replaced by S3 locations: what
 *       the hooks' {@link StackHook#beforeCreate} turn into the body sent to CloudFormation.
 * </ul>
 */
public record TemplateStages(Template written, Template expanded, Template packaged) {
    public TemplateStages {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(expanded, "expanded");
        Objects.requireNonNull(packaged, "packaged");
    }

    /** A template that no transform changes and that is not packaged yet: every stage is the same. */
    public static TemplateStages of(Template written) {
        return new TemplateStages(written, written, written);
    }

    /** The same, with the packaged stage. */
    public TemplateStages withPackaged(Template packagedTemplate) {
        return new TemplateStages(written, expanded, packagedTemplate);
    }
}
