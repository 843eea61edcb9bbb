package io.aigov.console.rest;

import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.aigov.api.rest.Violation;

/**
 * The console's one answer to a request it refuses or cannot place: a form or parameter it cannot
 * read (400), a role the user lacks or a form without the page's token (403), a page or an
 * identifier that names nothing (404). On the console's paths (its pages and the sign-in form) such a
 * problem, whichever mapper made it, is shown as a page in the console's layout saying so, never a
 * problem document or a stack trace; every other path, the API's, keeps its problem+json answer.
 * Pages that render their own 4xx (a form shown again with its errors) are left as they are.
 */
public class ConsoleErrorPages {

    private static final String MISSING_ROLE = "Your roles do not allow this page or action.";
    /** What the framework says of a path no page answers. */
    private static final String FRAMEWORK_NOT_FOUND = "HTTP 404 Not Found";
    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forbidden(String reason);

        static native TemplateInstance notFound(String detail);

        static native TemplateInstance invalid(String detail, List<Violation> violations);
    }

    /**
     * Runs before the response filter that sets the cookie of a token the page may issue. A refusal
     * made before the request reached a worker thread (a sign-in refused) is rendered on one: the
     * layout asks who is signed in, which may block.
     */
    @ServerResponseFilter(priority = Priorities.USER + 100)
    public Uni<Void> page(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isConsole(request.getUriInfo().getPath()) || !(response.getEntity() instanceof HttpProblem problem)) {
            return Uni.createFrom().voidItem();
        }
        TemplateInstance page = switch (response.getStatus()) {
            case 400 -> Templates.invalid(problem.getDetail(), violations(problem));
            case 403 -> Templates.forbidden(problem.getDetail() == null || problem.getDetail().isBlank() ? MISSING_ROLE : problem.getDetail());
            case 404 -> Templates.notFound(FRAMEWORK_NOT_FOUND.equals(problem.getDetail()) ? null : problem.getDetail());
            default -> null;
        };
        if (page == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<String> rendered = Uni.createFrom().item(page::render);
        if (!BlockingOperationControl.isBlockingAllowed()) {
            rendered = rendered.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return rendered.invoke(html -> response.setEntity(html, null, HTML)).replaceWithVoid();
    }

    /** The console's pages and forms, and the sign-in form; {@code /api} and the rest are not. */
    static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/") || path.equals("/signin") || path.startsWith("/signin/");
    }

    private static List<Violation> violations(HttpProblem problem) {
        return problem.getParameters().get("violations") instanceof List<?> listed
                ? listed.stream().filter(Violation.class::isInstance).map(Violation.class::cast).toList()
                : List.of();
    }
}
