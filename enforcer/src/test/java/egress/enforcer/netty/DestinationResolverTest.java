package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DestinationResolverTest {

    @Test
    void aNameResolvedRecentlyIsAnsweredAtOnceWithoutThePool() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            DestinationResolver r = new DestinationResolver(task -> {
                lookups.incrementAndGet();
                pool.execute(task);
            });
            InetAddress first = r.resolve("localhost").get(5, TimeUnit.SECONDS);
            // the answer is cached by a dependent of the lookup, run on the pool's one thread as the lookup completes:
            // once a task queued after it has run there, the cache holds the answer
            pool.submit(() -> {}).get(5, TimeUnit.SECONDS);
            CompletableFuture<InetAddress> second = r.resolve("localhost");
            assertThat(second).isDone();
            assertThat(second.get()).isEqualTo(first);
            assertThat(lookups).hasValue(1);
            assertThat(r.resolve("127.0.0.1")).isDone();
            assertThat(lookups).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whatIsKnownWithoutALookupIsALiteralOrACachedAnswerAndNothingElse() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            DestinationResolver r = new DestinationResolver(
                    pool, name -> new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.9")});
            assertThat(r.cached("10.1.2.3")).isEqualTo(InetAddress.getByName("10.1.2.3"));
            assertThat(r.cached("db.example")).as("never looked up").isNull();
            InetAddress resolved = r.resolve("db.example").get(5, TimeUnit.SECONDS);
            pool.submit(() -> {}).get(5, TimeUnit.SECONDS); // the answer is cached on the pool's thread
            assertThat(r.cached("DB.example"))
                    .as("the address resolve() gives, IPv4 first")
                    .isEqualTo(resolved)
                    .isEqualTo(InetAddress.getByName("127.0.0.9"));
        } finally {
            pool.shutdownNow();
        }
    }
}
