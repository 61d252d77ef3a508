package dev.eventidempotency.archfixture.bootstrapuntouched.bootstrap;

/** The wiring's configuration, which only bootstrap may read. */
public final class Settings {
}
