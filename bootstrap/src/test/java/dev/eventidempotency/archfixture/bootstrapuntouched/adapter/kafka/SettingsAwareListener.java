package dev.eventidempotency.archfixture.bootstrapuntouched.adapter.kafka;

import dev.eventidempotency.archfixture.bootstrapuntouched.bootstrap.Settings;

/** Breaks "nothing depends on bootstrap": an adapter that reads the composition root's settings. */
public final class SettingsAwareListener {

    public void configure(Settings settings) {
    }
}
