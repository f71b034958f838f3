package io.botgrid.channels.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that does not deliver a complete request line and headers within the header timeout, counted
 * from its opening or from the end of its previous response. Jetty's idle timeout alone does not catch a client that
 * sends one header byte every few seconds (it is never idle for long), and such clients, by the hundred, are the
 * cheapest way to exhaust a server's connections. Registered on the connector as a {@link Connection.Listener};
 * the router tells it when a request's headers are in. Thread-safe.
 */
final class HeaderDeadline implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        watch.arm();
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watches.remove(connection);
        if (watch != null) {
            watch.disarm();
        }
    }

    /** The headers of {@code request} are in: stop the clock until its response is complete. */
    void headersReceived(Request request) {
        Watch watch = watches.get(request.getConnectionMetaData().getConnection());
        if (watch != null) {
            watch.disarm();
            Request.addCompletionListener(request, failure -> watch.arm());
        }
    }

    private final class Watch {
        private final Connection connection;
        private Scheduler.Task task;
        private long generation;

        Watch(Connection connection) {
            this.connection = connection;
        }

        synchronized void arm() {
            if (task != null) {
                task.cancel();
            }
            long armed = ++generation;
            task = scheduler.schedule(() -> expire(armed), timeoutNanos, TimeUnit.NANOSECONDS);
        }

        synchronized void disarm() {
            generation++;
            if (task != null) {
                task.cancel();
                task = null;
            }
        }

        private void expire(long armed) {
            synchronized (this) {
                if (generation != armed) {
                    return; // a request arrived meanwhile, or the clock was restarted
                }
                task = null;
            }
            LOG.debug("No complete request headers from {} within the header timeout; closing",
                    connection.getEndPoint().getRemoteSocketAddress());
            connection.getEndPoint().close();
        }
    }
}
