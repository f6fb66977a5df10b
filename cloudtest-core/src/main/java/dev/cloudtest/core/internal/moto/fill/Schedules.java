package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * {@code AWS::Scheduler::Schedule} (SAM's {@code ScheduleV2}): EventBridge Scheduler {@code CreateSchedule}, or
 * replaced when it exists (an update), named as declared, else after the stack and the logical id. Schedules take no
 * tags; teardown and the sweeper remove those named after the stack and those whose target is one of the stack's
 * resources (physical names carry the stack's name). moto keeps schedules but does not fire them.
 */
final class Schedules implements Filler {

    @Override
    public String type() {
        return "AWS::Scheduler::Schedule";
    }

    @Override
    public String how() {
        return "EventBridge Scheduler CreateSchedule";
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode p) {
        SchedulerClient scheduler = owner.session().client(SchedulerClient.class);
        String name = p.path("Name").asText(owner.generatedName(resource.logicalId(), 64));
        String group = p.path("GroupName").asText("default");
        JsonNode t = p.path("Target");
        Target target = Target.builder()
                .arn(t.path("Arn").asText())
                .roleArn(t.path("RoleArn").asText())
                .input(t.path("Input").asText(null))
                .build();
        JsonNode window = p.path("FlexibleTimeWindow");
        FlexibleTimeWindow flexible = FlexibleTimeWindow.builder()
                .mode(window.path("Mode").asText("OFF"))
                .maximumWindowInMinutes(
                        window.has("MaximumWindowInMinutes")
                                ? window.path("MaximumWindowInMinutes").asInt()
                                : null)
                .build();
        try {
            scheduler.getSchedule(r -> r.name(name).groupName(group));
            scheduler.deleteSchedule(r -> r.name(name).groupName(group)); // an update: as declared now
        } catch (ResourceNotFoundException e) {
            // a new schedule
        }
        String arn = scheduler
                .createSchedule(r -> r.name(name)
                        .groupName(group)
                        .scheduleExpression(p.path("ScheduleExpression").asText())
                        .scheduleExpressionTimezone(
                                p.path("ScheduleExpressionTimezone").asText(null))
                        .state(p.path("State").asText("ENABLED"))
                        .description(p.path("Description").asText(null))
                        .flexibleTimeWindow(flexible)
                        .target(target))
                .scheduleArn();
        return new Filled(resource.logicalId(), type(), name, Map.of("Arn", arn));
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        String arn = filled.attributes().get("Arn");
        String group = arn.substring(arn.indexOf("schedule/") + "schedule/".length(), arn.lastIndexOf('/'));
        try {
            owner.session().client(SchedulerClient.class).getSchedule(r -> r.name(filled.physicalId())
                    .groupName(group));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        SchedulerClient scheduler = owner.session().client(SchedulerClient.class);
        List<String> removed = new ArrayList<>();
        for (ScheduleSummary s : scheduler.listSchedulesPaginator(r -> {}).schedules()) {
            String targetArn =
                    s.target() == null ? "" : String.valueOf(s.target().arn());
            boolean ours = s.name().startsWith(owner.stackName() + "-") || targetArn.contains(owner.stackName());
            if (ours) {
                scheduler.deleteSchedule(r -> r.name(s.name()).groupName(s.groupName()));
                removed.add("schedule " + s.groupName() + "/" + s.name());
            }
        }
        return removed;
    }
}
