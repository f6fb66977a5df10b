package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.moto.MotoRelays;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * {@code AWS::SNS::Subscription}: SNS {@code Subscribe} with the subscription's attributes ({@code FilterPolicy},
 * {@code FilterPolicyScope}, {@code RawMessageDelivery}, {@code RedrivePolicy}, {@code DeliveryPolicy}), so that moto
 * delivers published messages as SNS does. Subscribing is idempotent for the same topic, protocol and endpoint, which
 * makes an update or a reused stack safe. Protocol {@code lambda} subscribes the stack's relay queue instead (see
 * {@link MotoRelays}). Removed with the stack: every subscription to one of its topics or of one of its queues.
 */
final class SnsSubscriptions implements Filler {
    /** Protocols moto delivers to, or accepts without delivering (email, sms), as SNS does. */
    private static final Set<String> PROTOCOLS =
            Set.of("sqs", "http", "https", "email", "email-json", "sms", "application", "firehose", "lambda");

    private static final List<String> ATTRIBUTES =
            List.of("FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "DeliveryPolicy");

    @Override
    public String type() {
        return "AWS::SNS::Subscription";
    }

    @Override
    public String how() {
        return "SNS Subscribe";
    }

    @Override
    public void check(Template.Resource resource, PreparedStack stack) {
        String protocol = resource.properties().path("Protocol").asText("").toLowerCase(Locale.ROOT);
        if (!protocol.isEmpty() && !PROTOCOLS.contains(protocol)) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::SNS::Subscription) has Protocol '"
                    + protocol + "', which SNS does not know. Nothing was created. Use one of " + PROTOCOLS + ".");
        }
        if (resource.properties().path("Protocol").isMissingNode()
                || resource.properties().path("TopicArn").isMissingNode()) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::SNS::Subscription) needs TopicArn and "
                    + "Protocol. Nothing was created.");
        }
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode properties) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : ATTRIBUTES) {
            JsonNode value = properties.get(name);
            if (value != null && !value.isNull()) {
                attributes.put(name, value.isValueNode() ? value.asText() : value.toString());
            }
        }
        if (attributes.containsKey("RawMessageDelivery")) {
            attributes.put(
                    "RawMessageDelivery", attributes.get("RawMessageDelivery").toLowerCase(Locale.ROOT));
        }
        String protocol = properties.path("Protocol").asText().toLowerCase(Locale.ROOT);
        String endpoint = properties.path("Endpoint").asText(null);
        if (protocol.equals("lambda")) {
            // moto would run the function in Docker: the stack's relay queue subscribes instead, with the same
            // filter, and MotoRelays hands each notification to the local function as Lambda's SNS event
            String relay = owner.physicalIds().get(MotoRelays.subscriptionRelay(resource.logicalId()));
            if (relay == null) {
                throw new IllegalStateException("the relay queue of " + resource.logicalId() + " was not created");
            }
            protocol = "sqs";
            endpoint = queueArn(owner, relay);
            attributes.put("RawMessageDelivery", "false");
        }
        String subscribedProtocol = protocol;
        String subscribedEndpoint = endpoint;
        SnsClient sns = owner.session().client(SnsClient.class);
        String arn = sns.subscribe(r -> r.topicArn(properties.path("TopicArn").asText())
                        .protocol(subscribedProtocol)
                        .endpoint(subscribedEndpoint)
                        .attributes(attributes)
                        .returnSubscriptionArn(true))
                .subscriptionArn();
        // Subscribe returns an existing subscription unchanged: apply the attributes as declared now
        attributes.forEach((name, value) -> sns.setSubscriptionAttributes(
                r -> r.subscriptionArn(arn).attributeName(name).attributeValue(value)));
        return new Filled(resource.logicalId(), type(), arn, Map.of("Arn", arn));
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        try {
            owner.session()
                    .client(SnsClient.class)
                    .getSubscriptionAttributes(r -> r.subscriptionArn(filled.physicalId()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        Set<String> topics = Set.copyOf(owner.ofType("AWS::SNS::Topic"));
        Set<String> queues = new java.util.HashSet<>();
        owner.ofType("AWS::SQS::Queue").forEach(url -> queues.add(queueArn(owner, url)));
        if (topics.isEmpty() && queues.isEmpty()) {
            return List.of();
        }
        SnsClient sns = owner.session().client(SnsClient.class);
        List<String> removed = new ArrayList<>();
        for (Subscription s : sns.listSubscriptionsPaginator().subscriptions()) {
            boolean owned = topics.contains(s.topicArn()) || queues.contains(s.endpoint());
            if (owned && s.subscriptionArn() != null && s.subscriptionArn().startsWith("arn:")) {
                sns.unsubscribe(r -> r.subscriptionArn(s.subscriptionArn()));
                removed.add("subscription " + s.subscriptionArn());
            }
        }
        return removed;
    }

    private static String queueArn(Owner owner, String queueUrl) {
        return IntrinsicResolver.queueArn(
                owner.session().region(), owner.session().accountId(), queueUrl);
    }
}
