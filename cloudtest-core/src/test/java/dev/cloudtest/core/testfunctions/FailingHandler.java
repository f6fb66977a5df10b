package dev.cloudtest.core.testfunctions;

/** Always throws, after printing. */
public class FailingHandler {
    public String handle(String sku) {
        System.err.println("checking stock of " + sku);
        throw new IllegalStateException("no stock for " + sku);
    }
}
