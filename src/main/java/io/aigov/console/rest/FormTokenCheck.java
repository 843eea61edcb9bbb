package io.aigov.console.rest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The one check of the token every state-changing console form carries ({@link ConsoleForms}): a
 * form posted without the token of the page it came from is refused with 403, before any page
 * reads it. Console forms are checked by this class's request filter. The sign-in form is read by
 * Quarkus' form sign-in before any request filter runs, and once read it cannot be read again, so
 * the same check runs on it where its fields are at hand: when its sign-in is checked, before the
 * session is given. The API needs no token.
 */
@ApplicationScoped
public class FormTokenCheck implements SecurityIdentityAugmentor {

    static final String MISMATCH = "The form's token is missing or does not match: reload the page and try again";
    private static final String SIGN_IN_FORM = "/signin/check";

    /** Every POST to a console page: the form must carry the page's token. */
    @ServerRequestFilter
    public void consoleForm(ContainerRequestContext request, RoutingContext routing) throws IOException {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/console/")) {
            return;
        }
        if (request.getMediaType() != null && request.getMediaType().isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
            // A form with a file (evidence) is read after the filters, straight into a temporary file: it carries its token
            // in its address instead, where it is checked before a byte of the file is kept.
            require(request.getUriInfo().getQueryParameters().getFirst(ConsoleForms.TOKEN_FIELD), routing);
            return;
        }
        // Console endpoints block, so the body may be read here; the page reads it again from this copy.
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        require(field(new String(body, StandardCharsets.UTF_8), ConsoleForms.TOKEN_FIELD), routing);
    }

    /** The sign-in form, as Quarkus' form sign-in read it, before the session is given. */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (routing != null && routing.request().method() == HttpMethod.POST && SIGN_IN_FORM.equals(routing.normalizedPath())) {
            require(routing.request().getFormAttribute(ConsoleForms.TOKEN_FIELD), routing);
        }
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    private static void require(String formToken, RoutingContext routing) {
        Cookie cookie = routing.request().getCookie(ConsoleForms.TOKEN_COOKIE);
        if (!ConsoleForms.tokenMatches(formToken, cookie == null ? null : cookie.getValue())) {
            throw new ForbiddenException(MISMATCH);
        }
    }

    /** A field's first value in an application/x-www-form-urlencoded body, or null (also when the body cannot be decoded). */
    private static String field(String body, String name) {
        try {
            // A form body is a query string without a path; ';' is an ordinary character in it, as in the HTML form encoding.
            List<String> values = QueryStringDecoder.builder().hasPath(false).semicolonIsNormalChar(true).build(body).parameters().get(name);
            return values == null ? null : values.get(0);
        } catch (IllegalArgumentException undecodable) {
            return null;
        }
    }
}
