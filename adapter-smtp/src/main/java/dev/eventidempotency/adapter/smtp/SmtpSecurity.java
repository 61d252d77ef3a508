package dev.eventidempotency.adapter.smtp;

/** How the connection to the mail server is protected. */
public enum SmtpSecurity {
    /** Plain SMTP: only for a relay on the same host or a trusted network. */
    NONE,
    /** Plain connection upgraded with STARTTLS before anything is sent; a server that cannot upgrade is refused. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS
}
