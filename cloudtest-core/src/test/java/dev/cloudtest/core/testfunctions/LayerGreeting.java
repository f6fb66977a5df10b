package dev.cloudtest.core.testfunctions;

/** A class the classpath tests ship in a layer ({@code java/lib}) or a zip package's {@code lib/}. */
public class LayerGreeting {
    public String greet(String name) {
        return "hello " + name + " from the layer";
    }
}
