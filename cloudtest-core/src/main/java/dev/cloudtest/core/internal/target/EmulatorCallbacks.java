package dev.cloudtest.core.internal.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.http.LoopbackForwarding;
import dev.cloudtest.core.internal.http.LoopbackServers;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;

/**
 * The loopback port where a moto server that cloudtest started sends the calls it makes to itself ({@code MOTO_PORT}):
 * a Step Functions execution's tasks ({@code lambda:invoke}, {@code sqs:sendMessage}, ...) are AWS API calls from
 * moto to moto. They are forwarded to the emulator, or, once local functions run, to the Lambda invoke router, so
 * that a task invoking a local function reaches it. A shared endpoint has no such port: its calls stay inside it.
 */
public final class EmulatorCallbacks implements AutoCloseable {
    private static final Logger LOG = Loggers.get(EmulatorCallbacks.class);

    private final HttpServer server;
    private final URI emulator;
    private final LoopbackForwarding forwarding = new LoopbackForwarding();
    private volatile URI upstream;

    private EmulatorCallbacks(HttpServer server, URI emulator) {
        this.server = server;
        this.emulator = emulator;
        this.upstream = emulator;
    }

    /** Starts the port, forwarding to {@code emulator} until {@link #forwardTo} says otherwise. */
    static EmulatorCallbacks start(URI emulator) throws IOException {
        HttpServer server = LoopbackServers.create("cloudtest-emulator-callbacks");
        EmulatorCallbacks callbacks = new EmulatorCallbacks(server, emulator);
        server.createContext("/", callbacks::handle);
        server.start();
        return callbacks;
    }

    /** The port moto is told to call itself on. */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Sends the emulator's calls to itself to {@code endpoint} from now on, which passes on what it does not answer
     * itself; {@link #reset()} sends them to the emulator again.
     */
    public void forwardTo(URI endpoint) {
        upstream = endpoint;
    }

    /** Sends the emulator's calls to itself straight back to it. */
    public void reset() {
        upstream = emulator;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            forwarding.forward(exchange, body, upstream);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cloudtest: the emulator's call {} to itself failed: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        LoopbackServers.stop(server);
    }
}
