package io.rekindle.outside;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the nodes and the SMTP server that follows the conversation line by line, as the network
 * between them would carry it. It counts SMTP transactions (the client's {@code MAIL FROM:} commands, one per
 * message), and it can play three faults of the world around the node:
 * <ul>
 * <li>{@link #unreachable(boolean)}: the SMTP server cannot be reached (each connection closes at once);</li>
 * <li>{@link #slowAcceptance(Duration)}: the server takes this long to answer the end of a message's data;</li>
 * <li>{@link #beforeTransaction(int, Runnable)}: something happens (a node is killed) as the client starts a given
 * transaction, before the server hears of it; that connection then drops.</li>
 * </ul>
 */
final class SmtpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final AtomicInteger transactions = new AtomicInteger();
    private volatile boolean unreachable;
    private volatile Duration acceptanceDelay = Duration.ZERO;
    private volatile int interruptedTransaction = -1;
    private volatile Runnable interruption = () -> { };

    SmtpRelay(int serverPort) {
        this.serverPort = serverPort;
        try {
            listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** SMTP transactions the clients started ({@code MAIL FROM:} commands), whatever became of them. */
    int transactions() {
        return transactions.get();
    }

    /** While true, every connection is closed as soon as it is accepted: no greeting, the send fails. */
    void unreachable(boolean unreachable) {
        this.unreachable = unreachable;
    }

    /** The end of each message's data reaches the server this much later: its 250 comes that much later. */
    void slowAcceptance(Duration delay) {
        this.acceptanceDelay = delay;
    }

    /**
     * When the client starts transaction {@code number} (counting from 1 since this relay opened), runs {@code action}
     * before the {@code MAIL FROM:} command goes any further, then drops that connection. Once.
     */
    void beforeTransaction(int number, Runnable action) {
        this.interruption = action;
        this.interruptedTransaction = number;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (unreachable) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                daemon(() -> pump(server, client));
                daemon(() -> commands(client, server));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                // one connection failed (the server refused it): the client sees its socket closed
            }
        }
    }

    /** Server to client: replies as they come. */
    private static void pump(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) != -1;) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away: closing both ends is all there is to do
        }
    }

    /** Client to server, line by line: commands outside a message's data, the data up to its lone dot. */
    private void commands(Socket client, Socket server) {
        try (client; server) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(server.getOutputStream());
            boolean data = false;
            for (byte[] line; (line = readLine(in)) != null;) {
                String text = new String(line, StandardCharsets.US_ASCII);
                if (data) {
                    if (text.equals(".\r\n")) {
                        data = false;
                        out.flush();
                        sleep(acceptanceDelay);
                    }
                } else if (text.toUpperCase(Locale.ROOT).startsWith("MAIL FROM:")) {
                    if (transactions.incrementAndGet() == interruptedTransaction) {
                        interruption.run();
                        client.setSoLinger(true, 0);
                        return;
                    }
                } else if (text.toUpperCase(Locale.ROOT).equals("DATA\r\n")) {
                    data = true; // the client sends its data only after the server's 354
                }
                out.write(line);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the other side went away: closing both ends is all there is to do
        }
    }

    /** The next line with its line end, or what is left before the end of the stream; null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) != -1;) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static void sleep(Duration delay) {
        if (!delay.isZero()) {
            PackagedApp.sleep(delay.toMillis());
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "smtp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
    }
}
