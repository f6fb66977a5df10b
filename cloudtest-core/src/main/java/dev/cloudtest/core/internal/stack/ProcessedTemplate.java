package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.template.Template;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * What should exist once a stack is created. On an emulator the template's transforms (SAM) were applied before
 * creation, so the prepared template says it. On AWS, CloudFormation applies them: a SAM template's resources are not
 * those it declares ({@code AWS::Serverless::LayerVersion MyLayer} becomes {@code MyLayer<hash>}, a connector
 * becomes policies), so the template CloudFormation processed is read back ({@code GetTemplate}, {@code
 * TemplateStage=Processed}).
 */
final class ProcessedTemplate {
    private static final Logger LOG = Loggers.get(ProcessedTemplate.class);

    private ProcessedTemplate() {}

    /**
     * The stack as it should exist; empty when that cannot be told (GetTemplate refused), which is logged.
     *
     * @param stackId the created stack
     */
    static Optional<PreparedStack> expected(PreparedStack prepared, String stackId, CloudSession session) {
        Template template = prepared.template();
        if (session.endpoint().isPresent() || template.transforms().isEmpty()) {
            return Optional.of(prepared);
        }
        return read(session.client(CloudFormationClient.class), stackId, template, prepared.name())
                .map(prepared::withExpanded);
    }

    /** The processed template of the stack, or empty (logged) when CloudFormation does not give it. */
    static Optional<Template> read(CloudFormationClient cfn, String stackId, Template template, String name) {
        try {
            String body = cfn.getTemplate(r -> r.stackName(stackId).templateStage(TemplateStage.PROCESSED))
                    .templateBody();
            return Optional.of(Template.parse(body, template.origin() + " as CloudFormation processed it"));
        } catch (SdkException | dev.cloudtest.core.exception.ConfigurationException e) {
            LOG.warn(
                    "cloudtest: {}: cannot read the template CloudFormation processed ({}: {}), so the resources its "
                            + "transforms {} created are not checked. Allow cloudformation:GetTemplate.",
                    name,
                    e.getClass().getSimpleName(),
                    e.getMessage(),
                    template.transforms());
            return Optional.empty();
        }
    }
}
