package dev.eventidempotency.archfixture.bootstrapuntouched.bootstrap.demo;

import dev.eventidempotency.archfixture.bootstrapuntouched.bootstrap.Settings;

/** Allowed: bootstrap's own packages use each other. */
public final class DemoRun {

    public void start(Settings settings) {
    }
}
