package dev.cloudtest.core.internal.moto;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;

/**
 * Step Functions state machines execute only in moto's executing backend, which CloudFormation does not write to. On a
 * moto that cloudtest started for this run alone (never on a shared endpoint, where the switch would affect everyone),
 * each state machine is mirrored there under the same ARN after creation and removed again before the stack is
 * deleted. The mirrors live only in that emulator, which ends with the run, so a crashed run leaves none behind.
 */
public final class MotoStateMachineMirrors implements StackHook {
    private static final Logger LOG = Loggers.get(MotoStateMachineMirrors.class);

    /** Creates this hook on a moto that cloudtest started itself. */
    public static final StackHookProvider PROVIDER = context ->
            context.privateMoto() ? Optional.of(new MotoStateMachineMirrors(context.session())) : Optional.empty();

    private static final String STATE_MACHINE = "AWS::StepFunctions::StateMachine";

    private final CloudSession session;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** State machines mirrored into moto's executing backend, by stack id. */
    private final Map<String, List<String>> mirrors = new ConcurrentHashMap<>();

    private final Object lock = new Object();

    private MotoStateMachineMirrors(CloudSession session) {
        this.session = session;
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        return stack.template().resources().values().stream()
                .filter(r -> r.type().equals(STATE_MACHINE))
                .map(r -> r.logicalId() + " is mirrored into moto's executing backend so that executions run")
                .toList();
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        if (how == Provisioning.REUSED) {
            return stack;
        }
        List<String> arns = stack.resourceTypes().entrySet().stream()
                .filter(e -> e.getValue().equals(STATE_MACHINE))
                .map(e -> stack.physicalIds().get(e.getKey()))
                .filter(Objects::nonNull)
                .toList();
        if (arns.isEmpty()) {
            return stack;
        }
        SfnClient sfn = session.client(SfnClient.class);
        synchronized (lock) {
            List<String> mirrored = new ArrayList<>();
            for (String arn : arns) {
                setExecution(false);
                DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
                setExecution(true);
                String created = sfn.createStateMachine(r -> r.name(machine.name())
                                .definition(machine.definition())
                                .roleArn(machine.roleArn()))
                        .stateMachineArn();
                mirrored.add(created);
                if (!created.equals(arn)) {
                    LOG.warn("cloudtest: executable mirror of {} got ARN {}", arn, created);
                }
            }
            // Leave execution on: the journey starts executions next. Stacks provisioned later are mirrored too.
            mirrors.put(stack.stackId(), mirrored);
            LOG.info(
                    "cloudtest: {}: moto executes state machines only outside CloudFormation's store; mirrored {} "
                            + "state machine(s) there under the same ARN",
                    stack.name(),
                    mirrored.size());
        }
        return stack;
    }

    @Override
    public void beforeDelete(String stackId) {
        List<String> arns = mirrors.remove(stackId);
        if (arns == null || arns.isEmpty()) {
            return;
        }
        synchronized (lock) {
            setExecution(true);
            for (String arn : arns) {
                try {
                    session.client(SfnClient.class).deleteStateMachine(r -> r.stateMachineArn(arn));
                } catch (SdkException e) {
                    LOG.warn("cloudtest: could not remove the executable mirror of {}: {}", arn, e.getMessage());
                }
            }
            if (mirrors.isEmpty()) {
                setExecution(false);
            }
        }
    }

    private void setExecution(boolean enabled) {
        URI endpoint = session.endpoint().orElseThrow();
        String json = "{\"stepfunctions\": {\"execute_state_machine\": " + enabled + "}}";
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        "moto answered HTTP " + response.statusCode() + " to /moto-api/config: " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot reach moto at " + endpoint + "/moto-api/config: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring moto", e);
        }
    }
}
