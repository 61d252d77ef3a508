package dev.eventidempotency.adapter.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, except that it waits for the reply to the end of a message up to the
 * data timeout instead of the read timeout. Angus Mail has one read timeout ({@code mail.smtp.timeout},
 * the socket's SO_TIMEOUT) for every reply; this raises the socket's timeout for that one reply and
 * puts it back afterwards. TLS layered over the socket reads through it, so the same holds with
 * STARTTLS and SMTPS.
 */
final class DataTimeoutTransport extends SMTPTransport {

    private final RememberingSocketFactory sockets;
    private final int dataTimeoutMillis;

    DataTimeoutTransport(Session session, RememberingSocketFactory sockets, Duration dataTimeout) {
        super(session, new URLName("smtp", null, -1, null, null, null));
        this.sockets = sockets;
        this.dataTimeoutMillis = Math.toIntExact(dataTimeout.toMillis());
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        Socket socket = sockets.socket().orElseThrow(() -> new IllegalStateException("no SMTP socket was made"));
        int readTimeout = socket.getSoTimeout();
        socket.setSoTimeout(dataTimeoutMillis);
        try {
            super.finishData();
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(readTimeout);
            }
        }
    }
}
