package dev.cloudtest.core.testfunctions;

import java.util.Map;

/** Sleeps as long as the event says: beyond the function's timeout when asked to. */
public class SlowHandler {
    public String handle(Map<String, Object> event) throws InterruptedException {
        Thread.sleep(((Number) event.getOrDefault("sleepMillis", 0)).longValue());
        return "done";
    }
}
