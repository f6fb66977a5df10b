package dev.cloudtest.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {
    private static final Template TEMPLATE = Template.parse(
            "Parameters:\n  Secret: {Type: String, NoEcho: true}\n  Short: {Type: String, NoEcho: true}\n"
                    + "  Stage: {Type: String}\nResources:\n  Q: {Type: 'AWS::SQS::Queue'}\n",
            "<test>");

    @Test
    void only_noecho_values_of_useful_length_are_secrets() {
        assertThat(SecretRedaction.noEchoValues(
                        TEMPLATE, Map.of("Secret", "hunter22", "Short", "abc", "Stage", "visible-stage")))
                .containsExactly("hunter22");
    }

    @Test
    void diagnosis_message_and_causes_are_redacted_keeping_types_and_stack() {
        RuntimeException cause = new IllegalStateException("Value 'hunter22' at 'type' failed");
        ProvisioningFailedException original =
                new ProvisioningFailedException("ct-a-r", "rejected: Value 'hunter22' at 'type'", "P", cause);

        ProvisioningFailedException redacted = SecretRedaction.redact(original, List.of("hunter22"));

        assertThat(redacted.getMessage()).contains("Value '****' at 'type'").doesNotContain("hunter22");
        assertThat(redacted.diagnosis()).doesNotContain("hunter22");
        assertThat(redacted.failedResource()).contains("P");
        assertThat(redacted.getCause().getMessage())
                .isEqualTo("java.lang.IllegalStateException: Value '****' at 'type' failed");
        assertThat(redacted.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void exceptions_without_secrets_are_returned_as_they_are() {
        ProvisioningFailedException original = new ProvisioningFailedException("ct-a-r", "no secret here", null, null);

        assertThat(SecretRedaction.redact(original, List.of("hunter22"))).isSameAs(original);
    }
}
