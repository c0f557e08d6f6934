package egress.enforcer.netty;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of one HTTP exchange on the client's event loop: the request body's deadline (from the head to
 * the last byte of the body, not reset by each byte, so a body dripped a byte at a time cannot hold the
 * connection), and the response timer (the upstream's first byte, then the pause between two parts). A zero
 * duration leaves that timer off. The pause timer is not rescheduled for every part: a part only notes the time,
 * and the timer, when it fires early, schedules itself again for what is left (as Netty's IdleStateHandler does).
 */
final class ExchangeTimers {
    private ScheduledFuture<?> body;
    private ScheduledFuture<?> response;
    private long lastPart;
    private boolean writing;
    private long pauseNanos;
    private Runnable onPause;

    void body(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        bodyDone();
        body = limit.isZero() ? null : ctx.executor().schedule(onTimeout, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    void bodyDone() {
        body = cancel(body);
    }

    /** From the end of the request: {@code onTimeout} unless a response part arrives within {@code limit}. */
    void firstByte(ChannelHandlerContext ctx, Duration limit, Runnable onTimeout) {
        responseDone();
        response = limit.isZero() ? null : ctx.executor().schedule(onTimeout, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A response part has arrived and is being written to the client: the first-byte timer gives way to the pause
     * timer. While the client is still taking a part, the upstream is not read, so that time is not a pause.
     */
    void responsePart(ChannelHandlerContext ctx, Duration pause, Runnable onPause) {
        writing = true;
        if (this.onPause == null) {
            response = cancel(response);
            if (!pause.isZero()) {
                this.onPause = onPause;
                this.pauseNanos = pause.toNanos();
                response = ctx.executor().schedule(() -> checkPause(ctx), pauseNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The client has taken the part: the pause, if the upstream now sends nothing, counts from here. */
    void responsePartWritten() {
        writing = false;
        lastPart = System.nanoTime();
    }

    private void checkPause(ChannelHandlerContext ctx) {
        if (onPause == null) {
            return;
        }
        long left = writing ? pauseNanos : pauseNanos - (System.nanoTime() - lastPart);
        if (left > 0) {
            response = ctx.executor().schedule(() -> checkPause(ctx), left, TimeUnit.NANOSECONDS);
        } else {
            Runnable r = onPause;
            onPause = null;
            response = null;
            r.run();
        }
    }

    void responseDone() {
        response = cancel(response);
        onPause = null;
        writing = false;
    }

    void cancel() {
        bodyDone();
        responseDone();
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
