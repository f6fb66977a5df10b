package dev.cloudtest.core.testfunctions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POJO handler (no aws-lambda-java-core) that reports what its classpath holds: a layer's class, found by name, and
 * whether a class of the test classpath only is visible.
 */
public class PackageProbeHandler {
    public Map<String, Object> handleRequest(Map<String, Object> event) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        try {
            Object greeting = Class.forName("dev.cloudtest.core.testfunctions.LayerGreeting")
                    .getDeclaredConstructor()
                    .newInstance();
            seen.put(
                    "greeting",
                    greeting.getClass().getMethod("greet", String.class).invoke(greeting, "ada"));
        } catch (ClassNotFoundException e) {
            seen.put("greeting", "no layer");
        }
        seen.put("testClasspathVisible", visible("dev.cloudtest.core.testfunctions.OrderHandler"));
        return seen;
    }

    private static boolean visible(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
