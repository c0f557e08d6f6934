package egress.enforcer.netty;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Continues with a future's outcome on a channel's event loop. A future already complete (a decision that needed
 * no lookup, a name in the resolver's cache: the common case) is continued at once, on the calling event loop,
 * instead of through a task queued behind everything else the loop has to do; otherwise the continuation is queued
 * on the loop when the future completes.
 */
final class OnLoop {
    private OnLoop() {}

    /**
     * The value of {@code future} when it has one already and this is {@code loop}'s thread: the caller continues
     * with it directly (no continuation object at all); else null, and the caller goes through {@link #then}. For
     * futures whose value is never null.
     */
    static <T> T ready(EventExecutor loop, CompletableFuture<T> future) {
        return loop.inEventLoop() && future.isDone() && !future.isCompletedExceptionally() ? future.getNow(null) : null;
    }

    static <T> void then(
            EventExecutor loop, CompletableFuture<T> future, BiConsumer<? super T, ? super Throwable> action) {
        if (future.isDone() && loop.inEventLoop()) {
            Object[] outcome = new Object[2];
            future.whenComplete((value, error) -> {
                outcome[0] = value;
                outcome[1] = error;
            });
            @SuppressWarnings("unchecked")
            T value = (T) outcome[0];
            action.accept(value, (Throwable) outcome[1]); // outside whenComplete, so an exception is not swallowed
        } else {
            future.whenComplete((value, error) -> loop.execute(() -> action.accept(value, error)));
        }
    }
}
