package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CidrIndex} finds what a walk over every range added finds: among the ranges that contain the address, the
 * item of smallest order, then of shortest prefix, then the one added first; and {@code all} lists one item per
 * containing range, by prefix length. Indexes of 1 to 30 ranges, so both the flat arrays (up to 8 ranges) and the
 * maps by prefix length are read, with repeated ranges and equal orders.
 */
class CidrIndexTest {
    private record Item(int order, int id) implements CidrIndex.Ordered {}

    private record Added(Cidr cidr, Item item) {}

    @Test
    void findsWhatAWalkOverTheRangesFinds() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 3000; trial++) {
            int size = 1 + rnd.nextInt(30);
            CidrIndex<Item> index = new CidrIndex<>();
            List<Added> added = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Cidr c = i > 0 && rnd.nextInt(4) == 0
                        ? added.get(rnd.nextInt(added.size())).cidr() // the same range again
                        : new Cidr(address(rnd), 8 + rnd.nextInt(25));
                Item item = new Item(rnd.nextInt(6), i);
                index.add(c, item);
                added.add(new Added(c, item));
            }
            assertThat(index.isEmpty()).isFalse();
            for (int k = 0; k < 50; k++) {
                int ip = k % 2 == 0 ? added.get(rnd.nextInt(size)).cidr().network() | rnd.nextInt(256) : address(rnd);
                assertThat(index.first(ip))
                        .as("trial %d, %s in %s", trial, Ipv4.format(ip), added)
                        .isEqualTo(walkFirst(added, ip));
                assertThat(index.all(ip))
                        .as("trial %d, all of %s in %s", trial, Ipv4.format(ip), added)
                        .isEqualTo(walkAll(added, ip));
            }
        }
    }

    @Test
    void anEmptyIndexFindsNothing() {
        CidrIndex<Item> index = new CidrIndex<>();
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.first(0x0A000001)).isNull();
        assertThat(index.all(0x0A000001)).isEmpty();
    }

    /** Addresses in a few /8s, so that ranges overlap. */
    private static int address(Random rnd) {
        return (10 + rnd.nextInt(2)) << 24 | rnd.nextInt(4) << 16 | rnd.nextInt(4) << 8 | rnd.nextInt(256);
    }

    /** Each range keeps the first item of smallest order added for it. */
    private static List<Added> kept(List<Added> added) {
        List<Added> kept = new ArrayList<>();
        for (Added a : added) {
            int same = -1;
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).cidr().equals(a.cidr())) {
                    same = i;
                }
            }
            if (same < 0) {
                kept.add(a);
            } else if (a.item().order() < kept.get(same).item().order()) {
                kept.set(same, a);
            }
        }
        return kept;
    }

    private static Item walkFirst(List<Added> added, int ip) {
        Added best = null;
        for (Added a : kept(added)) {
            if (a.cidr().contains(ip)
                    && (best == null
                            || a.item().order() < best.item().order()
                            || a.item().order() == best.item().order()
                                    && a.cidr().prefix() < best.cidr().prefix())) {
                best = a;
            }
        }
        return best == null ? null : best.item();
    }

    private static List<Item> walkAll(List<Added> added, int ip) {
        List<Added> containing = new ArrayList<>();
        for (Added a : kept(added)) {
            if (a.cidr().contains(ip)) {
                containing.add(a);
            }
        }
        containing.sort(java.util.Comparator.comparingInt((Added a) -> a.cidr().prefix()));
        return containing.stream().map(Added::item).toList();
    }
}
