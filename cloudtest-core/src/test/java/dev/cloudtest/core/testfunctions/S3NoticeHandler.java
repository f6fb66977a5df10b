package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;

/** An S3-triggered handler that reads the S3 event as a map and prints each record's bucket, key and event name. */
public class S3NoticeHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    @SuppressWarnings("unchecked")
    public String handleRequest(Map<String, Object> event, Context context) {
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            Map<String, Object> s3 = (Map<String, Object>) record.get("s3");
            Map<String, Object> bucket = (Map<String, Object>) s3.get("bucket");
            Map<String, Object> object = (Map<String, Object>) s3.get("object");
            System.out.println("s3-notice source=" + record.get("eventSource") + " event=" + record.get("eventName")
                    + " bucket=" + bucket.get("name") + " key=" + object.get("key"));
        }
        return "ok";
    }
}
