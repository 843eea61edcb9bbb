package io.aigov.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A SIEM's webhook as the audit stream posts to it: down until started, then taking each batch of
 * JSON lines, or refusing a number of them with 503 first.
 */
public final class SiemStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port = freePort();
    /** Every record accepted, in the order accepted. */
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Requests still to be refused with 503 before it accepts again. */
    private final AtomicInteger refusals = new AtomicInteger();
    private HttpServer server;

    /** Where the stream posts: a path with a token in its query, as some SIEMs take it. */
    public String url() {
        return "http://localhost:" + port + "/siem?token=secret-in-the-address";
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/siem", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                    received.add(JSON.readTree(line));
                }
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public List<JsonNode> received() {
        return received;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    /** Refuses the next requests with 503, this many of them. */
    public void refuse(int requests) {
        refusals.set(requests);
    }

    public int refusalsLeft() {
        return refusals.get();
    }

    /** A port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
