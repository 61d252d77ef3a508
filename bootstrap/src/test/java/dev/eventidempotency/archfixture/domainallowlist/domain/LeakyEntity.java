package dev.eventidempotency.archfixture.domainallowlist.domain;

import org.slf4j.Logger;

/** Breaks the domain allow-list: a domain type that knows a logging framework. */
public final class LeakyEntity {

    public void describeTo(Logger log) {
    }
}
