package io.aigov.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the database that a test can switch off and on. Switched off, it drops
 * every open connection and closes each new one at once, which is what the service sees when
 * PostgreSQL stops. It keeps its port bound all along: a port let go while the relay is off could
 * be taken meanwhile (another process's connection, or the service's own connection attempt
 * connecting to itself), and switching on would then fail with "Address already in use".
 */
public final class TcpSwitch {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Guarded by this; read by the acceptor only under it. */
    private boolean on = true;

    public TcpSwitch(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "tcp-switch-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public synchronized void on() {
        on = true;
    }

    public synchronized void off() {
        on = false;
        sockets.forEach(TcpSwitch::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                synchronized (this) {
                    if (!on) {
                        closeQuietly(client);
                        continue;
                    }
                    sockets.add(client);
                }
                Socket server = new Socket();
                try {
                    server.connect(target, 2000);
                } catch (IOException e) {
                    sockets.remove(client);
                    closeQuietly(client);
                    continue;
                }
                synchronized (this) {
                    if (!on) {
                        // Switched off while this connection was being made: off() closed the client already.
                        closeQuietly(client);
                        closeQuietly(server);
                        continue;
                    }
                    sockets.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side went away or the switch was turned off
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-switch-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
