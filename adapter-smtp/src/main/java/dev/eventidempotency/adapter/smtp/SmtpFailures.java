package dev.eventidempotency.adapter.smtp;

import dev.eventidempotency.application.outbox.port.out.EmailNotSentException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Tells a failure a retry cannot cure from one it may. Permanent: the server answered 5xx to this
 * message's recipient or content, or an address is malformed; the e-mail is parked at once. Every
 * other failure is temporary: a 4xx answer, no connection, a timeout, and also refused credentials
 * or a refused sender, because those are the service's configuration, not the message's fault: once
 * an operator fixes it, every waiting e-mail goes out.
 */
final class SmtpFailures {

    private final SmtpSettings settings;

    SmtpFailures(SmtpSettings settings) {
        this.settings = settings;
    }

    EmailNotSentException classify(MessagingException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationFailedException) {
                return EmailNotSentException.temporary("the mail server " + server() + " refused the credentials of user '"
                        + settings.username().orElse("") + "' (SMTP_USER, SMTP_PASSWORD): " + cause.getMessage(), failure);
            }
            if (cause instanceof SMTPSenderFailedException sender) {
                return EmailNotSentException.temporary("the mail server " + server() + " refused the sender "
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
                return EmailNotSentException.permanent("malformed address: " + oneLine(malformed.getMessage()), failure);
            }
        }
        return EmailNotSentException.temporary(
                "no delivery to the mail server " + server() + ": " + oneLine(describe(failure)), failure);
    }

    private static EmailNotSentException byReplyCode(int code, String reason, MessagingException failure) {
        return code >= 500 && code < 600
                ? EmailNotSentException.permanent(reason, failure)
                : EmailNotSentException.temporary(reason, failure);
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
