package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;

/**
 * An SNS-triggered handler that reads Lambda's SNS event through aws-lambda-java-events' typed getters (the Joda
 * {@code Timestamp} included) and prints what it got, one line a record.
 */
public class SnsNoticeHandler implements RequestHandler<SNSEvent, String> {
    @Override
    public String handleRequest(SNSEvent event, Context context) {
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            SNSEvent.MessageAttribute kind = sns.getMessageAttributes().get("kind");
            System.out.println("sns-notice message=" + sns.getMessage() + " source=" + record.getEventSource()
                    + " subscription=" + record.getEventSubscriptionArn() + " topic=" + sns.getTopicArn()
                    + " kind=" + (kind == null ? null : kind.getValue())
                    + " timestamp="
                    + (sns.getTimestamp() == null ? null : sns.getTimestamp().getYear())
                    + " messageId=" + (sns.getMessageId() != null) + " signingCertUrl=" + sns.getSigningCertUrl());
        }
        return "ok";
    }
}
