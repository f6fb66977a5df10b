package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.packaging.LocalArtifacts;
import dev.cloudtest.core.internal.template.Template;

/** The template part of {@link StackSpec#fingerprint()}: the template as CloudFormation reads it, and its artifacts. */
public final class SpecFingerprint {
    private SpecFingerprint() {}

    /** The template as JSON and a content hash of each local artifact it names, as text to hash. */
    public static String templateAndArtifacts(String templateText, StackSpec spec) {
        Template template = Template.parse(templateText, spec.templateOrigin());
        return template.toJson() + '\n' + LocalArtifacts.contentHash(template, spec.baseDirectory());
    }
}
