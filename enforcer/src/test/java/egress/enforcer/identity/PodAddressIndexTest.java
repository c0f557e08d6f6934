package egress.enforcer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Identity;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodAddressIndexTest {
    private final PodAddressIndex index = new PodAddressIndex();

    @BeforeEach
    void synced() {
        index.markSynced();
    }

    private static PodAddressIndex.Pod pod(String uid, String ns, String sa, String... ips) {
        return new PodAddressIndex.Pod(uid, ns + "/" + uid, new Identity(ns, sa), false, true, List.of(ips));
    }

    private PodAddressIndex.Lookup at(String ip) throws Exception {
        return index.lookup(InetAddress.getByName(ip));
    }

    private static Identity identity(PodAddressIndex.Lookup l) {
        assertThat(l).isInstanceOf(PodAddressIndex.Claim.class);
        return ((PodAddressIndex.Claim) l).identity();
    }

    private static PodAddressIndex.Reason reason(PodAddressIndex.Lookup l) {
        assertThat(l).isInstanceOf(PodAddressIndex.Refused.class);
        return ((PodAddressIndex.Refused) l).reason();
    }

    @Test
    void aReusedAddressIsNeverJudgedAsThePodThatHadItBefore() throws Exception {
        index.upsert(pod("uid-a", "curl", "curl", "10.0.0.7"));
        assertThat(identity(at("10.0.0.7"))).isEqualTo(new Identity("curl", "curl"));
        // the old pod is gone from the API server, the new one got its IP; the informer sees the add first
        index.upsert(pod("uid-b", "other", "b", "10.0.0.7"));
        assertThat(reason(at("10.0.0.7"))).isEqualTo(PodAddressIndex.Reason.AMBIGUOUS);
        index.delete("uid-a");
        assertThat(identity(at("10.0.0.7"))).isEqualTo(new Identity("other", "b"));
        // a late or repeated delete of the predecessor removes nothing of the new pod
        index.delete("uid-a");
        assertThat(identity(at("10.0.0.7"))).isEqualTo(new Identity("other", "b"));
        index.delete("uid-b");
        assertThat(reason(at("10.0.0.7"))).isEqualTo(PodAddressIndex.Reason.UNKNOWN_ADDRESS);
    }

    @Test
    void podsNotRunningOrWithoutAnAddressOwnNothingAndHostNetworkIsRefused() throws Exception {
        index.upsert(new PodAddressIndex.Pod("p", "ns/p", new Identity("ns", "sa"), false, false, List.of("10.0.0.8")));
        index.upsert(new PodAddressIndex.Pod("q", "ns/q", new Identity("ns", "sa"), false, true, List.of()));
        index.upsert(new PodAddressIndex.Pod(
                "h", "kube-system/h", new Identity("kube-system", "h"), true, true, List.of("192.168.1.10")));
        assertThat(reason(at("10.0.0.8"))).isEqualTo(PodAddressIndex.Reason.UNKNOWN_ADDRESS);
        assertThat(reason(at("192.168.1.10"))).isEqualTo(PodAddressIndex.Reason.HOST_NETWORK);
        // the pod starts running: now it owns its address
        index.upsert(new PodAddressIndex.Pod("p", "ns/p", new Identity("ns", "sa"), false, true, List.of("10.0.0.8")));
        assertThat(identity(at("10.0.0.8"))).isEqualTo(new Identity("ns", "sa"));
    }

    @Test
    void everyAddressOfADualStackPodAndTheCanonicalFormOfIpv6() throws Exception {
        index.upsert(pod("d", "ns", "sa", "10.0.0.9", "fd00:0:0:0:0:0:0:9"));
        assertThat(identity(at("10.0.0.9"))).isEqualTo(new Identity("ns", "sa"));
        assertThat(identity(at("fd00::9"))).isEqualTo(new Identity("ns", "sa"));
        // an IPv4 client of a dual-stack listener may show as IPv4-mapped
        assertThat(identity(index.lookup(java.net.Inet6Address.getByAddress(
                        null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 9}, null))))
                .isEqualTo(new Identity("ns", "sa"));
        assertThat(PodAddressIndex.normalize("::ffff:10.0.0.9")).isEqualTo("10.0.0.9");
    }

    @Test
    void beforeTheFirstListNothingIsKnown() throws Exception {
        PodAddressIndex fresh = new PodAddressIndex();
        fresh.upsert(pod("a", "ns", "sa", "10.0.0.1"));
        assertThat(reason(fresh.lookup(InetAddress.getByName("10.0.0.1"))))
                .isEqualTo(PodAddressIndex.Reason.NOT_SYNCED);
    }

    @Test
    void aClaimIsRevokedWhenItsPodGoesAwayStopsOrLosesTheAddressAlone() throws Exception {
        AtomicInteger revoked = new AtomicInteger();
        index.upsert(pod("a", "ns", "sa", "10.0.0.1"));
        PodAddressIndex.Lookup first = index.claim(InetAddress.getByName("10.0.0.1"), revoked::incrementAndGet);
        PodAddressIndex.Lookup second = index.claim(InetAddress.getByName("10.0.0.1"), revoked::incrementAndGet);
        assertThat(index.claims()).isEqualTo(2);
        ((PodAddressIndex.Claim) second).release();
        index.upsert(pod("a", "ns", "sa", "10.0.0.1")); // a resync: nothing changed
        assertThat(revoked).hasValue(0);
        index.upsert(pod("b", "ns", "other", "10.0.0.1")); // a second pod claims the address
        assertThat(revoked).hasValue(1);
        assertThat(index.claims()).isZero();
        assertThat(first).isInstanceOf(PodAddressIndex.Claim.class);

        index.delete("b");
        index.claim(InetAddress.getByName("10.0.0.1"), revoked::incrementAndGet);
        index.delete("a");
        assertThat(revoked).hasValue(2);

        index.upsert(pod("c", "ns", "sa", "10.0.0.2"));
        index.claim(InetAddress.getByName("10.0.0.2"), revoked::incrementAndGet);
        index.upsert(new PodAddressIndex.Pod("c", "ns/c", new Identity("ns", "sa"), false, false, List.of("10.0.0.2")));
        assertThat(revoked).hasValue(3);
    }
}
