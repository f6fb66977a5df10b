package dev.cloudtest.core.internal.lambda;

/** Settings of the JDK's HTTP server that cloudtest's loopback endpoints (local APIs, the invoke router) rely on. */
public final class LoopbackServers {
    private LoopbackServers() {}

    /**
     * Turns on {@code TCP_NODELAY} for the JDK's HTTP server ({@code sun.net.httpserver.nodelay}, off by default),
     * unless set already: without it, a response written as headers and body waits for the client's delayed ACK,
     * ≈ 40 ms a request. Read once, when the JDK first starts an HTTP server, so set before cloudtest starts one.
     */
    public static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
}
