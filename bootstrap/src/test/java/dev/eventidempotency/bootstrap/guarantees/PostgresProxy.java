package dev.eventidempotency.bootstrap.guarantees;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of the PostgreSQL server, for outages that touch nothing but the
 * service (the server is shared with other work and is never stopped):
 * {@link #cut()} drops every open connection and refuses new ones, as a network partition or a
 * server crash does; {@link #restore()} accepts again on the same port. {@link #stall()} stops forwarding
 * while every socket stays open, as a half-open connection does (a peer that vanished without a FIN or
 * RST, a firewall that silently drops the flow): the client hears nothing, not even an error, until
 * {@link #resume()} passes on what was held back.
 */
public final class PostgresProxy implements AutoCloseable {

    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?(.*)");

    private final PostgresSettings server;
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object flowing = new Object();
    private volatile ServerSocket listener;
    private volatile boolean stalled;

    private PostgresProxy(PostgresSettings server, String targetHost, int targetPort, ServerSocket listener) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    public static PostgresProxy inFrontOf(PostgresSettings server) {
        Matcher url = JDBC_URL.matcher(server.jdbcUrl());
        if (!url.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/... URL: " + server.jdbcUrl());
        }
        return new PostgresProxy(server, url.group(2), url.group(3) == null ? 5432 : Integer.parseInt(url.group(3)),
                listen(0));
    }

    /** The server's settings with the URL pointing at this proxy. */
    public PostgresSettings settings() {
        Matcher url = JDBC_URL.matcher(server.jdbcUrl());
        url.matches();
        return server.withJdbcUrl(url.group(1) + "127.0.0.1:" + port + url.group(4));
    }

    /** Closes every connection through the proxy and stops listening: connecting is refused until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(PostgresProxy::closeQuietly);
        sockets.clear();
    }

    public synchronized void restore() {
        accept(listen(port));
    }

    /** Forwards nothing more in either direction, on open and new connections alike, and closes nothing. */
    public void stall() {
        stalled = true;
    }

    /** Forwards again, what was held back first. */
    public void resume() {
        synchronized (flowing) {
            stalled = false;
            flowing.notifyAll();
        }
    }

    @Override
    public void close() {
        resume();
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException unbindable) {
            throw new UncheckedIOException(unbindable);
        }
    }

    private void accept(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    connect(socket.accept());
                } catch (IOException closedOrRefused) {
                    // cut() closed the listener, or the target refused one connection: that client sees it closed.
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void connect(Socket client) throws IOException {
        sockets.add(client);
        Socket server = new Socket();
        sockets.add(server);
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort));
        } catch (IOException unreachable) {
            closeQuietly(client);
            closeQuietly(server);
            throw unreachable;
        }
        pump(client, server);
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitFlowing();
                    out.write(buffer, 0, read);
                }
            } catch (IOException | InterruptedException closed) {
                // Either side closed, or cut() did: both sockets go.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (flowing) {
            while (stalled) {
                flowing.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception alreadyClosed) {
            // Nothing left to release.
        }
    }
}
