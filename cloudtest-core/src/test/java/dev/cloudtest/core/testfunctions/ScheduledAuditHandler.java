package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/** A schedule-triggered handler reading EventBridge's Scheduled Event through aws-lambda-java-events' getters. */
public class ScheduledAuditHandler implements RequestHandler<ScheduledEvent, String> {
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        System.out.println("audit detail-type=" + event.getDetailType() + " source=" + event.getSource()
                + " resources=" + event.getResources() + " account=" + event.getAccount() + " region="
                + event.getRegion() + " year="
                + (event.getTime() == null ? null : event.getTime().getYear()));
        return "audited";
    }
}
