package dev.cloudtest.core.internal.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    /**
     * A JDK HTTP server on a free loopback port, with {@code TCP_NODELAY} and a cached pool of daemon threads named
     * {@code threadName}; not started, so that its contexts are created first. {@link #stop} ends it and its threads.
     */
    public static HttpServer create(String threadName) throws IOException {
        noDelay();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        }));
        return server;
    }

    /** Stops a server from {@link #create} at once, and its threads. */
    public static void stop(HttpServer server) {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
