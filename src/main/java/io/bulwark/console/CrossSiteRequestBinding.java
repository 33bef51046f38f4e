package io.bulwark.console;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Puts {@link CrossSiteRequestFilter} in front of every admin resource method that changes something: those
 * with {@code @RolesAllowed} (on the method, or on its class and not lifted by {@code @PermitAll}) that answer a method other than GET, HEAD or
 * OPTIONS. The binding is made once, when the application starts, so the webhook intake (open to senders,
 * not an admin method) does not pass through the filter at all.
 */
@Provider
public class CrossSiteRequestBinding implements DynamicFeature {

    /** After the role check, so that an anonymous caller still gets its 401 with the Basic challenge. */
    private static final int AFTER_ROLE_CHECK = Priorities.AUTHORIZATION + 100;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (method != null && forAdmins(method, resource.getResourceClass()) && changesState(method)) {
            context.register(new CrossSiteRequestFilter(), AFTER_ROLE_CHECK);
        }
    }

    private static boolean forAdmins(Method method, Class<?> type) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return false;
        }
        return method.isAnnotationPresent(RolesAllowed.class) || (type != null && type.isAnnotationPresent(RolesAllowed.class));
    }

    private static boolean changesState(Method method) {
        return !method.isAnnotationPresent(GET.class) && !method.isAnnotationPresent(HEAD.class)
                && !method.isAnnotationPresent(OPTIONS.class);
    }
}
