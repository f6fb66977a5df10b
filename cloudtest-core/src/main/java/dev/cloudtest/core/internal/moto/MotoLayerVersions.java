package dev.cloudtest.core.internal.moto;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.LayersListItem;

/**
 * moto's {@code AWS::Lambda::LayerVersion} has no physical id: it lists the resource without one and gives an output
 * that {@code Ref}s it as its internal object ({@code <moto.awslambda.models.LayerVersion object at 0x...>}), and its
 * DeleteStack leaves the layer version behind. moto names the layer {@code <stack name>-<logical id>-<suffix>}, so the
 * version is found by that name after creation (its ARN is the physical id and the output's value, what {@code Ref}
 * gives on AWS) and deleted right before DeleteStack, also by the sweeper, which knows only the stack's name.
 */
public final class MotoLayerVersions implements StackHook {
    private static final Logger LOG = Loggers.get(MotoLayerVersions.class);
    private static final String LAYER_VERSION = "AWS::Lambda::LayerVersion";
    /** How moto gives a resource that has no physical id: the repr of its Python object. */
    private static final String MOTO_OBJECT = "<moto.";

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER =
            context -> context.moto() ? Optional.of(new MotoLayerVersions(context.session())) : Optional.empty();

    private final CloudSession session;

    private MotoLayerVersions(CloudSession session) {
        this.session = session;
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Template.Resource resource : prepared.template().resources().values()) {
            String physical = stack.physicalIds().get(resource.logicalId());
            if (resource.type().equals(LAYER_VERSION)
                    && stack.resourceTypes().containsKey(resource.logicalId())
                    && (physical == null || physical.startsWith(MOTO_OBJECT))) {
                latestVersion(stack.name() + "-" + resource.logicalId() + "-")
                        .ifPresent(arn -> found.put(resource.logicalId(), arn));
            }
        }
        if (found.isEmpty()) {
            return stack;
        }
        Map<String, String> types = new LinkedHashMap<>();
        found.keySet().forEach(id -> types.put(id, LAYER_VERSION));
        Stack withIds = stack.withResources(found, types);
        Map<String, String> outputs = new LinkedHashMap<>(stack.outputs());
        prepared.template().json().path("Outputs").fields().forEachRemaining(output -> {
            String ref = output.getValue().path("Value").path("Ref").asText("");
            String value = outputs.get(output.getKey());
            if (found.containsKey(ref) && value != null && value.startsWith(MOTO_OBJECT)) {
                outputs.put(output.getKey(), found.get(ref));
            }
        });
        return outputs.equals(stack.outputs()) ? withIds : withIds.withOutputs(outputs);
    }

    @Override
    public void beforeDelete(String stackId) {
        String prefix = dev.cloudtest.core.internal.naming.StackNames.fromStackId(stackId) + "-";
        LambdaClient lambda = session.client(LambdaClient.class);
        List<String> deleted = new ArrayList<>();
        for (LayersListItem layer : lambda.listLayersPaginator(r -> {}).layers()) {
            if (!layer.layerName().startsWith(prefix)) {
                continue;
            }
            for (LayerVersionsListItem version : lambda.listLayerVersionsPaginator(r -> r.layerName(layer.layerName()))
                    .layerVersions()) {
                lambda.deleteLayerVersion(r -> r.layerName(layer.layerName()).versionNumber(version.version()));
                deleted.add(version.layerVersionArn());
            }
        }
        if (!deleted.isEmpty()) {
            LOG.debug("cloudtest: deleted layer versions {} of {} (moto's DeleteStack leaves them)", deleted, stackId);
        }
    }

    /** The newest version of the layer whose name starts so: what the resource's Ref gives. */
    private Optional<String> latestVersion(String namePrefix) {
        LambdaClient lambda = session.client(LambdaClient.class);
        return lambda.listLayersPaginator(r -> {}).layers().stream()
                .filter(l -> l.layerName().startsWith(namePrefix))
                .flatMap(l -> lambda.listLayerVersions(r -> r.layerName(l.layerName())).layerVersions().stream())
                .max(Comparator.comparingLong(LayerVersionsListItem::version))
                .map(LayerVersionsListItem::layerVersionArn);
    }
}
