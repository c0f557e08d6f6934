package egress.enforcer.observe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats and writes queued items on its own thread, many lines per write. The thread wakes every
 * {@code 20 ms} rather than being signalled per item, so the caller (an event loop) only pays for an enqueue.
 * Items beyond {@code capacity} waiting are dropped and counted, so a stalled output cannot exhaust memory.
 */
final class AsyncLineWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncLineWriter.class);
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private final Function<T, String> format;
    private final OutputStream out;
    private final Thread thread;
    private volatile boolean closing;

    AsyncLineWriter(OutputStream out, int capacity, Function<T, String> format) {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.capacity = capacity;
        this.format = format;
        this.thread = new Thread(this::run, "egress-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(T item) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(item);
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        long reported = 0;
        while (true) {
            boolean last = closing;
            try {
                T item;
                while ((item = queue.poll()) != null) {
                    queued.decrementAndGet();
                    out.write(format.apply(item).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                LOG.warn("access log write failed: {}", e.toString());
            }
            long d = dropped.get();
            if (d != reported) {
                LOG.warn("access log: {} lines dropped so far (output too slow)", d);
                reported = d;
            }
            if (last) {
                return;
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
