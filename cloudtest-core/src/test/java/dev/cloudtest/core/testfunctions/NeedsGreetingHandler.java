package dev.cloudtest.core.testfunctions;

/** A handler that needs {@link LayerGreeting} to be constructed: without it, its init fails. */
public class NeedsGreetingHandler {
    private final LayerGreeting greeting = new LayerGreeting();

    public String handleRequest(String name) {
        return greeting.greet(name);
    }
}
