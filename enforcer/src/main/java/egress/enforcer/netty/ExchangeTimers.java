package egress.enforcer.netty;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one client connection's HTTP exchanges, on its event loop: the request head (from the end of the
 * previous exchange, or the connection's start, to a complete head), the request body (from the head to the last
 * byte of the body, not reset by each byte, so a body dripped a byte at a time cannot hold the connection), the
 * upstream's first byte (from the end of the request), and the pause between two parts of the response. A zero
 * duration leaves that deadline off.
 *
 * <p>Setting or clearing a deadline only writes a field: no timer is scheduled or cancelled per request. One check
 * per connection is pending on the event loop at a time, at or before the earliest deadline set; when it runs it
 * fires what is due and schedules itself for the earliest deadline left. A keep-alive connection with the default
 * timeouts so costs one check every few seconds, not four schedule-and-cancel pairs per request. A deadline set
 * earlier than the pending check (a shorter timeout) schedules an earlier one.
 *
 * <p>The pause counts only while the upstream could be sending: while the client is still taking a part, the
 * upstream is not read, so that time is not a pause (the deadline is set when the part has been written).
 */
final class ExchangeTimers {
    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int FIRST_BYTE = 2;
    private static final int PAUSE = 3;
    private static final long OFF = Long.MAX_VALUE;

    private final long[] due = {OFF, OFF, OFF, OFF};
    private final Runnable[] onDue = new Runnable[4];
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> check;
    private long checkAt = OFF;
    private long pauseNanos;
    private boolean pausing;
    private boolean stopped;

    /** From now: {@code onTimeout} unless a request head is complete (and {@link #headDone()} called) in time. */
    void head(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        set(ctx, HEAD, limit.toNanos(), onTimeout);
    }

    void headDone() {
        due[HEAD] = OFF;
    }

    void body(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        set(ctx, BODY, limit.toNanos(), onTimeout);
    }

    void bodyDone() {
        due[BODY] = OFF;
    }

    /** From the end of the request: {@code onTimeout} unless a response part arrives within {@code limit}. */
    void firstByte(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        responseDone();
        set(ctx, FIRST_BYTE, limit.toNanos(), onTimeout);
    }

    /**
     * A response part has arrived and is being written to the client: the first-byte deadline gives way to the
     * pause deadline, which is set once the client has taken the part ({@link #responsePartWritten()}).
     */
    void responsePart(ChannelHandlerContext ctx, Duration pause, Runnable onPause) {
        this.ctx = ctx;
        due[FIRST_BYTE] = OFF;
        due[PAUSE] = OFF;
        pausing = !pause.isZero();
        pauseNanos = pause.toNanos();
        onDue[PAUSE] = onPause;
    }

    /** The client has taken the part: the pause, if the upstream now sends nothing, counts from here. */
    void responsePartWritten() {
        if (pausing) {
            arm(PAUSE, System.nanoTime() + pauseNanos);
        }
    }

    void responseDone() {
        due[FIRST_BYTE] = OFF;
        due[PAUSE] = OFF;
        pausing = false;
    }

    /** Clears every deadline of the current exchange (the head deadline, if set, stays). */
    void cancel() {
        bodyDone();
        responseDone();
    }

    /** The connection is gone: nothing fires any more, and the pending check is cancelled. */
    void stop() {
        stopped = true;
        Arrays.fill(due, OFF);
        Arrays.fill(onDue, null);
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        checkAt = OFF;
    }

    private void set(ChannelHandlerContext ctx, int slot, long nanos, Runnable onTimeout) {
        this.ctx = ctx;
        if (nanos == 0) {
            due[slot] = OFF;
            return;
        }
        onDue[slot] = onTimeout;
        arm(slot, System.nanoTime() + nanos);
    }

    private void arm(int slot, long at) {
        due[slot] = at;
        if (stopped) {
            return;
        }
        if (check == null || at - checkAt < 0) {
            if (check != null) {
                check.cancel(false);
            }
            schedule(at);
        }
    }

    private void schedule(long at) {
        checkAt = at;
        check = ctx.executor().schedule(this::run, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void run() {
        check = null;
        checkAt = OFF;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        for (int slot = 0; slot < due.length; slot++) {
            if (due[slot] != OFF && due[slot] - now <= 0) {
                due[slot] = OFF;
                Runnable r = onDue[slot];
                if (slot == PAUSE) {
                    pausing = false;
                }
                r.run();
            }
        }
        if (stopped) {
            return;
        }
        long next = OFF;
        for (long d : due) {
            if (d != OFF && (next == OFF || d - next < 0)) {
                next = d;
            }
        }
        if (next != OFF && (check == null || next - checkAt < 0)) {
            if (check != null) {
                check.cancel(false); // a callback armed a later check than what is left
            }
            schedule(next);
        }
    }
}
