package io.aigov.audit.stream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.common.annotation.Identifier;

import io.aigov.audit.config.AuditConfig;

/** Posts each batch as one JSON Lines request body; any answer but 2xx is a failed delivery, retried. */
@Singleton
@Identifier("webhook")
final class WebhookSink implements AuditSink {

    private final URI endpoint;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final HttpClient http;

    @Inject
    WebhookSink(AuditConfig config) {
        AuditConfig.Stream settings = config.stream();
        this.endpoint = settings.webhookUrl()
                .orElseThrow(() -> new IllegalStateException("aigov.audit.stream.webhook-url: the webhook sink needs the address to post to"));
        this.authorization = settings.webhookAuthorization();
        this.timeout = settings.webhookTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        // Never the query or user info of the address: they can hold a token.
        return "webhook " + endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                + Optional.ofNullable(endpoint.getPath()).orElse("");
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"));
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + name(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(name() + " answered " + response.statusCode());
        }
    }
}
