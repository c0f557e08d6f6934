package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.policy.i18n.Message;
import egress.policy.model.Identity;
import org.junit.jupiter.api.Test;

/**
 * The {@link HostIndex} compares a looked-up name with its own copy in one pool of names, and tells a decision
 * from routes by a bit of the slot: names equal to an entry but of other instances are found, neighbours in the
 * pool are not mistaken for each other, names outside Latin-1 and names longer than a slot's length field are
 * found, {@code h:port} finds {@code h} only when the entry answers to it, and both kinds of target come back as
 * what they are, before and after the pool is built.
 */
class HostIndexPoolTest {
    private static final Identity A = new Identity("ns", "a");
    private static final Identity B = new Identity("ns", "b");
    private static final Decision EVERY =
            Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, Message.of("reason.passthrough"));

    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void findsEqualNamesOfOtherInstancesAndNotTheirNeighboursInThePool() {
        HostIndex index = new HostIndex();
        HostRoutes api = new HostRoutes("api.io", null);
        HostRoutes apiLonger = new HostRoutes("api.io.evil", null);
        index.put(A, 80, "api.io", false, api);
        index.put(A, 80, "api.io.evil", false, apiLonger);
        index.put(A, 80, "b.io", false, EVERY);
        for (boolean built : new boolean[] {false, true}) {
            if (built) {
                index.trim();
            }
            assertThat(index.find(A, 80, fresh("api.io"))).isSameAs(api);
            assertThat(index.find(A, 80, fresh("api.io.evil"))).isSameAs(apiLonger);
            assertThat(index.find(A, 80, "api.i")).isNull();
            assertThat(index.find(A, 80, "api.io.e")).isNull();
            assertThat(index.find(A, 80, "api.ioapi.io.evil")).isNull();
            assertThat(index.find(B, 80, "api.io")).isNull();
            assertThat(index.find(A, 81, "api.io")).isNull();
            int slot = index.slot(A, 80, fresh("b.io"));
            assertThat(index.holdsDecision(slot)).isTrue();
            assertThat(index.decision(slot)).isSameAs(EVERY);
            slot = index.slot(A, 80, "api.io");
            assertThat(index.holdsDecision(slot)).isFalse();
            assertThat(index.routes(slot)).isSameAs(api);
            assertThat(index.slot(A, 80, "c.io")).isNegative();
        }
    }

    @Test
    void hostWithPortFindsTheEntryOnlyWhenItAnswersToIt() {
        HostIndex index = new HostIndex();
        HostRoutes both = new HostRoutes("both.io", null);
        HostRoutes bare = new HostRoutes("bare.io", null);
        index.put(A, 8080, "both.io", true, both);
        index.put(A, 8080, "bare.io", false, bare);
        index.trim();
        assertThat(index.find(A, 8080, fresh("both.io:8080"))).isSameAs(both);
        assertThat(index.find(A, 8080, fresh("both.io"))).isSameAs(both);
        assertThat(index.find(A, 8080, "both.io:8081")).isNull();
        assertThat(index.find(A, 8080, "both.io:08080")).isNull();
        assertThat(index.find(A, 8080, "bare.io:8080")).isNull();
        assertThat(index.find(A, 8080, "bare.io")).isSameAs(bare);
        // a later entry after the pool was built is found, and so are the earlier ones
        HostRoutes late = new HostRoutes("late.io", null);
        index.put(A, 8080, "late.io", true, late);
        assertThat(index.find(A, 8080, "late.io:8080")).isSameAs(late);
        assertThat(index.find(A, 8080, "both.io:8080")).isSameAs(both);
    }

    @Test
    void namesOutsideLatin1AndLongNamesAreFound() {
        HostIndex index = new HostIndex();
        HostRoutes wide = new HostRoutes("bücher.例え.jp", null);
        String longName = "a".repeat(9000) + ".io";
        String justUnder = "b".repeat(8190);
        HostRoutes longRoutes = new HostRoutes(longName, null);
        HostRoutes underRoutes = new HostRoutes(justUnder, null);
        index.put(A, 80, "bücher.例え.jp", false, wide);
        index.put(A, 80, longName, true, longRoutes);
        index.put(A, 80, justUnder, false, underRoutes);
        index.putServerName(A, 443, "例え.jp", new OsmPort.ServerName(null, new Chain[0], true));
        index.trim();
        assertThat(index.find(A, 80, fresh("bücher.例え.jp"))).isSameAs(wide);
        assertThat(index.find(A, 80, "bücher.例え.j")).isNull();
        assertThat(index.find(A, 80, fresh(longName))).isSameAs(longRoutes);
        assertThat(index.find(A, 80, fresh(longName) + ":80")).isSameAs(longRoutes);
        assertThat(index.find(A, 80, longName.substring(1))).isNull();
        assertThat(index.find(A, 80, fresh(justUnder))).isSameAs(underRoutes);
        assertThat(index.find(A, 80, justUnder + "b")).isNull();
        assertThat(index.findServerName(A, 443, fresh("例え.jp"))).isNotNull();
        assertThat(index.find(A, 443, "例え.jp"))
                .as("a server name is no HTTP host")
                .isNull();
    }

    @Test
    void aNameAddedTwiceIsRefused() {
        HostIndex index = new HostIndex();
        index.put(A, 80, "api.io", false, EVERY);
        index.trim();
        assertThatThrownBy(() -> index.put(A, 80, fresh("api.io"), true, EVERY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("added twice");
    }
}
