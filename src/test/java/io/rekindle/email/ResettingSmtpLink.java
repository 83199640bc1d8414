package io.rekindle.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A TCP link between the app and the SMTP server that resets the chosen connections when the client says QUIT, that
 * is after the server accepted the message (250 after its data): the connection drops as it closes, as when the
 * server goes away right after accepting. Counts the connections, to show how many messages share one.
 */
final class ResettingSmtpLink implements AutoCloseable {

    private static final String QUIT = "QUIT\r\n";

    private final ServerSocket listener;
    private final int serverPort;
    private final IntPredicate resetConnection;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    ResettingSmtpLink(int serverPort, IntPredicate resetConnection) {
        this.serverPort = serverPort;
        this.resetConnection = resetConnection;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** How many connections the app opened through the link. */
    int connections() {
        return connections.get();
    }

    /** The most connections open through the link at one time. */
    int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** How many connections were reset after their QUIT. */
    int resets() {
        return resets.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                boolean reset = resetConnection.test(connections.incrementAndGet());
                daemon(() -> pump(server, client, false));
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                daemon(() -> {
                    pump(client, server, reset);
                    open.decrementAndGet();
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean resetOnQuit) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) != -1;) {
                // the client sends QUIT alone, after reading the server's answer to the message
                if (resetOnQuit && QUIT.equals(new String(buffer, 0, read, StandardCharsets.US_ASCII))) {
                    from.setSoLinger(true, 0); // close with RST: the client's read of the 221 fails
                    resets.incrementAndGet();
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away: closing both ends is all there is to do
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "smtp-link");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
