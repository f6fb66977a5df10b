package dev.cloudtest.core.internal.moto.fill;

import dev.cloudtest.core.CloudSession;
import java.util.Map;

/** For tests outside this package: CloudWatch's own listing of alarms, which the AWS SDK cannot read from moto. */
public final class CloudWatchQueryAccess {
    private CloudWatchQueryAccess() {}

    /** The DescribeAlarms answer (XML). */
    public static String describeAlarms(CloudSession session) {
        return CloudWatchQuery.call(session, "DescribeAlarms", Map.of());
    }
}
