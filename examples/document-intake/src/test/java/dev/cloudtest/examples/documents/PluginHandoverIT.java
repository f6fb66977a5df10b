package dev.cloudtest.examples.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.Stack;
import dev.cloudtest.junit5.CloudStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This build provisions the stack with the Maven plugin (see pom.xml); the journey tests declare the same spec, so
 * the extension attaches to that stack instead of provisioning a second one. This test makes that visible.
 */
@CloudStack(template = "src/main/cloudformation/document-intake.yaml", parameters = "Stage=journey")
class PluginHandoverIT {

    @Test
    void the_journeys_run_on_the_stack_the_plugin_provisioned(Stack stack) throws IOException {
        Path handover = Path.of("target/cloudtest/document-intake.json");
        if (!Files.exists(handover)) {
            return; // run without the plugin (e.g. from the IDE): the extension provisioned the stack itself
        }
        JsonNode provisionedByPlugin = new ObjectMapper().readTree(handover.toFile());

        assertThat(stack.name()).isEqualTo(provisionedByPlugin.get("stackName").asText());
    }
}
