package io.bulwark.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admin user as the operator configured it: {@code ADMIN_USER} and {@code ADMIN_PASSWORD}, both or neither.
 * server.xml defines the user only when both are set; the application reads the same two.
 */
@ApplicationScoped
public class AdminAccount {

    @Inject
    @ConfigProperty(name = "ADMIN_USER")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "ADMIN_PASSWORD")
    Optional<String> password;

    /** Whether the admin exists: both its name and its password are set. */
    public boolean configured() {
        return !user().isEmpty() && !password().isEmpty();
    }

    /** The admin's name; empty when unset. */
    public String user() {
        return user.map(String::strip).orElse("");
    }

    /** The admin's password; empty when unset. */
    public String password() {
        return password.filter(secret -> !secret.isBlank()).orElse("");
    }
}
