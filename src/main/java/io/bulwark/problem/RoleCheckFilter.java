package io.bulwark.problem;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Answers a request for a {@code @RolesAllowed} resource that the caller may not use with problem+json
 * (401 with the Basic challenge when nobody authenticated, 403 otherwise) before the container's own check,
 * whose 401 has no body. The container's check stays in place behind it.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 1)
public class RoleCheckFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        RolesAllowed allowed = rolesAllowed(resource.getResourceMethod(), resource.getResourceClass());
        if (allowed == null) {
            return;
        }
        SecurityContext security = request.getSecurityContext();
        if (security.getUserPrincipal() == null) {
            request.abortWith(ProblemResponses.unauthorized("authentication required: HTTP Basic as an admin"));
        } else if (Arrays.stream(allowed.value()).noneMatch(security::isUserInRole)) {
            request.abortWith(ProblemResponses.builder(403, "Forbidden", "not allowed for this user").build());
        }
    }

    private static RolesAllowed rolesAllowed(Method method, Class<?> type) {
        if (method != null && method.isAnnotationPresent(RolesAllowed.class)) {
            return method.getAnnotation(RolesAllowed.class);
        }
        return type == null ? null : type.getAnnotation(RolesAllowed.class);
    }
}
