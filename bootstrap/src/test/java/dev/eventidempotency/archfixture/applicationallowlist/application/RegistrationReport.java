package dev.eventidempotency.archfixture.applicationallowlist.application;

import dev.eventidempotency.archfixture.applicationallowlist.domain.Registration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Breaks the application allow-list with {@code javax.sql}, which only looks like {@code java..}:
 * a use case that reads the database itself instead of through an out port.
 */
public final class RegistrationReport {

    public List<Registration> registrationsIn(DataSource database) {
        return List.of();
    }
}
