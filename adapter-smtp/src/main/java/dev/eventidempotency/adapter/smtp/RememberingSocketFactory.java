package dev.eventidempotency.adapter.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Makes the plain socket of one SMTP connection and keeps it, so that {@link DataTimeoutTransport}
 * can change its read timeout; Angus Mail connects it, sets the timeouts of {@code mail.smtp.*} and
 * layers TLS over it as it would over its own socket. One factory per connection.
 */
final class RememberingSocketFactory extends SocketFactory {

    private volatile Socket socket;

    Optional<Socket> socket() {
        return Optional.ofNullable(socket);
    }

    @Override
    public Socket createSocket() {
        return remember(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return remember(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return remember(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return remember(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return remember(new Socket(address, port, localAddress, localPort));
    }

    private Socket remember(Socket created) {
        socket = created;
        return created;
    }
}
