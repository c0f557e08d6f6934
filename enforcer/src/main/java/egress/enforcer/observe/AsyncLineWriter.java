package egress.enforcer.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats and writes queued items on its own thread, many lines per write: each line is formatted as UTF-8 straight
 * into one reused buffer (no String per line), written out when it holds 64 KiB or the queue is empty. The thread is
 * not signalled per item, so the caller (an event loop) only pays for an enqueue: it wakes every millisecond while
 * lines come, and every 20 ms once a wake-up found none. Short, frequent batches matter when the event loop shares
 * one CPU with this thread: a batch of 20 ms of lines (about 1,000 at 50,000 requests/s) kept the CPU from the event
 * loop for a scheduler slice at a time, which showed as the proxy's p99.
 * Items beyond {@code capacity} waiting are dropped and counted, so a stalled output cannot exhaust memory.
 */
final class AsyncLineWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncLineWriter.class);
    private static final long BUSY_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private static final int BATCH = 1 << 16;
    private final BiConsumer<T, LineBuffer> format;
    private final LineBuffer batch = new LineBuffer(BATCH + 4096);
    private final OutputStream out;
    private final Thread thread;
    private volatile boolean closing;

    AsyncLineWriter(OutputStream out, int capacity, BiConsumer<T, LineBuffer> format) {
        this.out = out;
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
            boolean wrote = false;
            try {
                T item;
                while ((item = queue.poll()) != null) {
                    wrote = true;
                    queued.decrementAndGet();
                    int before = batch.length();
                    try {
                        format.accept(item, batch);
                        batch.ascii('\n');
                    } catch (RuntimeException e) {
                        batch.truncate(before); // no half line
                        LOG.warn("access log line not written: {}", e.toString());
                    }
                    if (batch.length() >= BATCH) {
                        write();
                    }
                }
                if (wrote) {
                    write();
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                batch.clear();
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
            LockSupport.parkNanos(wrote ? BUSY_PERIOD_NANOS : IDLE_PERIOD_NANOS);
        }
    }

    private void write() throws IOException {
        if (batch.length() > 0) {
            try {
                batch.writeTo(out);
            } finally {
                batch.clear();
            }
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
