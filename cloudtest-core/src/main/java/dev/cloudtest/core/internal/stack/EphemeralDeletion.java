package dev.cloudtest.core.internal.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * cloudtest's stacks are copies that must leave nothing behind, so a resource's {@code DeletionPolicy} or {@code
 * UpdateReplacePolicy} of {@code Retain}, {@code RetainExceptOnCreate} or {@code Snapshot} — right for the production
 * stack the template was written for — is sent as {@code Delete}, on every target; so is an {@code
 * AWS::Serverless::LayerVersion}'s {@code RetentionPolicy}, which SAM turns into the layer version's {@code
 * DeletionPolicy} ({@code Retain} unless set). Without this, every run would leave such a table, bucket or layer
 * version behind, on AWS and on moto alike, with a teardown that looks clean.
 */
public final class EphemeralDeletion implements StackHook {
    private static final Logger LOG = Loggers.get(EphemeralDeletion.class);
    private static final Set<String> KEEPING = Set.of("Retain", "RetainExceptOnCreate", "Snapshot");
    private static final List<String> POLICIES = List.of("DeletionPolicy", "UpdateReplacePolicy");
    private static final String SAM_LAYER = "AWS::Serverless::LayerVersion";

    /** Creates this hook on every target. */
    public static final StackHookProvider PROVIDER = context -> Optional.of(new EphemeralDeletion());

    private EphemeralDeletion() {}

    @Override
    public String name() {
        return "ephemeral-deletion";
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        List<String> kept = kept(stack.templates().packaged().json());
        return kept.isEmpty()
                ? List.of()
                : List.of("sent as Delete, so that the stack's copy leaves nothing behind: " + String.join(", ", kept));
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        ObjectNode json = template.json();
        List<String> kept = kept(json);
        if (kept.isEmpty()) {
            return template;
        }
        rewrite(json.path("Resources"));
        LOG.info("cloudtest: {}: sent as Delete, so that the stack leaves nothing behind: {}", stack.name(), kept);
        return template.withJson(json);
    }

    /** {@code Table: DeletionPolicy Retain} for each policy that would keep something, loops included. */
    static List<String> kept(JsonNode template) {
        List<String> kept = new ArrayList<>();
        visit(template.path("Resources"), (id, resource) -> {
            for (String policy : POLICIES) {
                String value = resource.path(policy).asText("");
                if (KEEPING.contains(value)) {
                    kept.add(id + ": " + policy + " " + value);
                }
            }
            if (SAM_LAYER.equals(resource.path("Type").asText())
                    && !"Delete"
                            .equals(resource.path("Properties")
                                    .path("RetentionPolicy")
                                    .asText(""))) {
                kept.add(id + ": RetentionPolicy "
                        + resource.path("Properties").path("RetentionPolicy").asText("Retain (SAM's default)"));
            }
        });
        return kept;
    }

    private static void rewrite(JsonNode resources) {
        visit(resources, (id, resource) -> {
            for (String policy : POLICIES) {
                if (KEEPING.contains(resource.path(policy).asText(""))) {
                    resource.put(policy, "Delete");
                }
            }
            if (SAM_LAYER.equals(resource.path("Type").asText())) {
                JsonNode properties = resource.path("Properties");
                (properties instanceof ObjectNode p ? p : resource.putObject("Properties"))
                        .put("RetentionPolicy", "Delete");
            }
        });
    }

    /** Each resource, also those in an {@code Fn::ForEach} loop's body (AWS::LanguageExtensions, not applied yet). */
    private static void visit(JsonNode resources, java.util.function.BiConsumer<String, ObjectNode> action) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (entry.getKey().startsWith("Fn::ForEach::")) {
                if (value.isArray() && value.size() == 3) {
                    visit(value.get(2), action);
                }
            } else if (value instanceof ObjectNode resource) {
                action.accept(entry.getKey(), resource);
            }
        }
    }
}
