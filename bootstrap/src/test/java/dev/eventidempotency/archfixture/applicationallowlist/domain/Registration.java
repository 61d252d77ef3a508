package dev.eventidempotency.archfixture.applicationallowlist.domain;

/** Allowed for the application: the domain is inside it. */
public record Registration(String email) {
}
