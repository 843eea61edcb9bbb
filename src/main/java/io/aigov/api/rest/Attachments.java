package io.aigov.api.rest;

import jakarta.ws.rs.core.Response;

/** An export as a download: the body with its content type, and the file name a browser saves it under. */
public final class Attachments {

    private Attachments() {
    }

    /** @param body what the response carries: text, bytes or a {@link jakarta.ws.rs.core.StreamingOutput} */
    public static Response of(Object body, String contentType, String fileName) {
        return Response.ok(body).header("Content-Type", contentType)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }
}
