package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

/** An SNS-triggered handler that reads Lambda's SNS event as a map and prints what it got, one line a record. */
public class SnsNoticeHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    @SuppressWarnings("unchecked")
    public String handleRequest(Map<String, Object> event, Context context) {
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            Map<String, Object> sns = (Map<String, Object>) record.get("Sns");
            Map<String, Object> attributes = (Map<String, Object>) sns.get("MessageAttributes");
            Object kind =
                    attributes.containsKey("kind") ? ((Map<String, Object>) attributes.get("kind")).get("Value") : null;
            System.out.println("sns-notice message=" + sns.get("Message") + " source=" + record.get("EventSource")
                    + " subscription=" + record.get("EventSubscriptionArn") + " topic=" + sns.get("TopicArn")
                    + " kind=" + kind);
        }
        return "ok";
    }
}
