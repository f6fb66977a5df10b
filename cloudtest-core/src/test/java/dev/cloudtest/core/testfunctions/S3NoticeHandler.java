package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;

/** An S3-triggered handler that reads the S3 event through aws-lambda-java-events' typed getters. */
public class S3NoticeHandler implements RequestHandler<S3Event, String> {
    @Override
    public String handleRequest(S3Event event, Context context) {
        for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            System.out.println("s3-notice source=" + record.getEventSource() + " event=" + record.getEventName()
                    + " bucket=" + record.getS3().getBucket().getName() + " bucketArn="
                    + record.getS3().getBucket().getArn() + " key="
                    + record.getS3().getObject().getKey()
                    + " size=" + record.getS3().getObject().getSizeAsLong() + " region=" + record.getAwsRegion()
                    + " time="
                    + (record.getEventTime() == null
                            ? null
                            : record.getEventTime().getYear()));
        }
        return "ok";
    }
}
