package dev.eventidempotency.adapter.smtp;

import dev.eventidempotency.application.outbox.port.out.NotSentException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Tells a failure a retry cannot cure from one it may. Permanent: the server answered 5xx to this
 * message's recipient or content, or an address is malformed; the e-mail is parked at once.
 * Temporary: a 4xx answer to this message's recipient or content. Every other failure means the
 * server is unavailable to every message: no connection, a timeout, a broken TLS handshake, and also
 * refused credentials or a refused sender, because those are the service's configuration, not the
 * message's fault: once an operator fixes it, every waiting e-mail goes out.
 */
final class SmtpFailures {

    private final SmtpSettings settings;

    SmtpFailures(SmtpSettings settings) {
        this.settings = settings;
    }

    NotSentException classify(MessagingException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationFailedException) {
                return NotSentException.serverUnavailable("the mail server " + server()
                        + " refused the credentials of user '" + settings.username().orElse("")
                        + "' (SMTP_USER, SMTP_PASSWORD): " + cause.getMessage(), failure);
            }
            if (cause instanceof SMTPSenderFailedException sender) {
                return NotSentException.serverUnavailable("the mail server " + server() + " refused the sender "
                        + sender.getAddress() + " (MAIL_FROM): " + oneLine(sender.getMessage()), failure);
            }
            if (cause instanceof SMTPAddressFailedException recipient) {
                return byReplyCode(recipient.getReturnCode(), "recipient " + recipient.getAddress() + " refused: "
                        + oneLine(recipient.getMessage()), failure);
            }
            if (cause instanceof SMTPSendFailedException message) {
                return byReplyCode(message.getReturnCode(), "message refused: " + oneLine(message.getMessage()), failure);
            }
            if (cause instanceof AddressException malformed) {
                return NotSentException.permanent("malformed address: " + oneLine(malformed.getMessage()), failure);
            }
        }
        return NotSentException.serverUnavailable(
                "no delivery to the mail server " + server() + ": " + oneLine(describe(failure)), failure);
    }

    // 421: the server is closing the connection, whatever the message (RFC 5321, section 3.8).
    private static NotSentException byReplyCode(int code, String reason, MessagingException failure) {
        if (code >= 500 && code < 600) {
            return NotSentException.permanent(reason, failure);
        }
        return code == 421
                ? NotSentException.serverUnavailable(reason, failure)
                : NotSentException.temporary(reason, failure);
    }

    private String server() {
        return settings.host() + ":" + settings.port();
    }

    // "Couldn't connect to host" alone hides why: the socket's own exception says "Connection refused".
    private static String describe(MessagingException failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (" + root + ")";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
