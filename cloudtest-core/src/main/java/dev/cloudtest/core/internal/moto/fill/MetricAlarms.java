package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS::CloudWatch::Alarm} on one metric: CloudWatch {@code PutMetricAlarm} (idempotent) with the declared
 * values, named as declared, else after the stack and the logical id; tagged like the stack and with {@value
 * StackTags#STACK_NAME}, by which teardown and the sweeper find it. Alarms on metric math ({@code Metrics}) are refused.
 * Spoken in CloudWatch's Query protocol ({@link CloudWatchQuery}).
 */
final class MetricAlarms implements Filler {
    private static final List<String> SCALARS = List.of(
            "AlarmDescription",
            "MetricName",
            "Namespace",
            "Statistic",
            "ExtendedStatistic",
            "ComparisonOperator",
            "EvaluationPeriods",
            "Period",
            "Threshold",
            "DatapointsToAlarm",
            "TreatMissingData",
            "EvaluateLowSampleCountPercentile",
            "Unit",
            "ActionsEnabled");

    @Override
    public String type() {
        return "AWS::CloudWatch::Alarm";
    }

    @Override
    public String how() {
        return "CloudWatch PutMetricAlarm";
    }

    @Override
    public void check(Template.Resource resource, PreparedStack stack) {
        if (resource.properties().has("Metrics")) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::CloudWatch::Alarm) alarms on metric math "
                    + "(Metrics), which cloudtest does not create on moto. Nothing was created. Alarm on one metric "
                    + "(MetricName, Namespace, Statistic), or run the stack on AWS.");
        }
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode p) {
        String name = p.path("AlarmName").asText(owner.generatedName(resource.logicalId(), 255));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AlarmName", name);
        for (String scalar : SCALARS) {
            if (p.has(scalar)) {
                params.put(scalar, p.path(scalar).asText());
            }
        }
        if (!params.containsKey("EvaluationPeriods")) {
            params.put("EvaluationPeriods", "1");
        }
        int n = 0;
        for (JsonNode d : p.path("Dimensions")) {
            n++;
            params.put("Dimensions.member." + n + ".Name", d.path("Name").asText());
            params.put("Dimensions.member." + n + ".Value", d.path("Value").asText());
        }
        for (String list : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
            List<String> values = new ArrayList<>();
            p.path(list).forEach(v -> values.add(v.asText()));
            params.putAll(CloudWatchQuery.members(list, values));
        }
        Map<String, String> tags = new LinkedHashMap<>(owner.tags());
        tags.put(StackTags.STACK_NAME, owner.stackName());
        n = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            n++;
            params.put("Tags.member." + n + ".Key", tag.getKey());
            params.put("Tags.member." + n + ".Value", tag.getValue());
        }
        CloudWatchQuery.call(owner.session(), "PutMetricAlarm", params);
        String arn = arn(owner, name);
        return new Filled(resource.logicalId(), type(), name, Map.of("Arn", arn));
    }

    private static String arn(Owner owner, String name) {
        return CloudWatchQuery.first(
                        CloudWatchQuery.call(
                                owner.session(),
                                "DescribeAlarms",
                                CloudWatchQuery.members("AlarmNames", List.of(name))),
                        "AlarmArn")
                .orElse("");
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        return !arn(owner, filled.physicalId()).isEmpty();
    }

    @Override
    public List<String> removeAll(Owner owner) {
        String described = CloudWatchQuery.call(owner.session(), "DescribeAlarms", Map.of());
        List<String> arns = CloudWatchQuery.all(described, "AlarmArn");
        List<String> ours = new ArrayList<>();
        for (String arn : arns) {
            String tags = CloudWatchQuery.call(owner.session(), "ListTagsForResource", Map.of("ResourceARN", arn));
            List<String> keys = CloudWatchQuery.all(tags, "Key");
            List<String> values = CloudWatchQuery.all(tags, "Value");
            for (int i = 0; i < keys.size() && i < values.size(); i++) {
                if (keys.get(i).equals(StackTags.STACK_NAME) && values.get(i).equals(owner.stackName())) {
                    ours.add(arn.substring(arn.indexOf(":alarm:") + ":alarm:".length()));
                }
            }
        }
        if (!ours.isEmpty()) {
            CloudWatchQuery.call(owner.session(), "DeleteAlarms", CloudWatchQuery.members("AlarmNames", ours));
        }
        return ours.stream().map(n -> "alarm " + n).toList();
    }
}
