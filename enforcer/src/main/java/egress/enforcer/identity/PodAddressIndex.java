package egress.enforcer.identity;

import egress.policy.model.Identity;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pod owns a source address: pod IP to pod UID, as the Pod informer last saw it. A connection's identity
 * is the service account of the one live pod whose {@code status.podIPs} holds its source address; every other
 * case is refused (fail closed):
 *
 * <ul>
 *   <li>no pod has the address (or the pod is not Running, or has no IP yet): {@link Reason#UNKNOWN_ADDRESS};</li>
 *   <li>the pod uses the node's network ({@code spec.hostNetwork}): {@link Reason#HOST_NETWORK}, since every
 *       host-network pod of the node, and the node itself, share that address;</li>
 *   <li>two live pods claim it (a stale IP not yet released): {@link Reason#AMBIGUOUS};</li>
 *   <li>the informer has not listed the pods yet: {@link Reason#NOT_SYNCED}.</li>
 * </ul>
 *
 * <p>Entries are keyed by UID, so a deleted pod whose IP a new pod reuses is never judged as its predecessor:
 * a delete removes only the entry of that UID. A connection holds a {@link Claim}; when its pod no longer owns
 * the address alone (deleted, stopped, IP changed, another pod claims it) the claim is revoked and its
 * {@code onRevoked} runs, which closes the connection. Thread-safe.
 */
public final class PodAddressIndex {
    /** Why a source address gets no identity; {@link #id()} is the label of the metric and the access log. */
    public enum Reason {
        UNKNOWN_ADDRESS("unknown-address"),
        HOST_NETWORK("host-network"),
        AMBIGUOUS("ambiguous"),
        NOT_SYNCED("pod-index-not-synced");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * What the index knows of one pod.
     *
     * @param uid         {@code metadata.uid}
     * @param name        {@code namespace/name}, for log lines
     * @param identity    its namespace and {@code spec.serviceAccountName}
     * @param hostNetwork {@code spec.hostNetwork}
     * @param running     {@code status.phase} is Running
     * @param ips         {@code status.podIPs} (or {@code status.podIP}), as written
     */
    public record Pod(
            String uid, String name, Identity identity, boolean hostNetwork, boolean running, List<String> ips) {
        public Pod {
            ips = List.copyOf(ips);
        }
    }

    /** The outcome for one source address: an identity held by a claim, or the reason for refusing. */
    public sealed interface Lookup permits Claim, Refused {}

    /** Refused, with a sentence for the access log. */
    public record Refused(Reason reason, String text) implements Lookup {}

    /** A connection's hold on its pod's identity; {@link #release()} when the connection ends. */
    public final class Claim implements Lookup {
        private final String ip;
        private final Pod pod;
        private final Runnable onRevoked;

        private Claim(String ip, Pod pod, Runnable onRevoked) {
            this.ip = ip;
            this.pod = pod;
            this.onRevoked = onRevoked;
        }

        public Identity identity() {
            return pod.identity();
        }

        public Pod pod() {
            return pod;
        }

        public void release() {
            synchronized (PodAddressIndex.this) {
                Set<Claim> set = claims.get(ip);
                if (set != null) {
                    set.remove(this);
                    if (set.isEmpty()) {
                        claims.remove(ip);
                    }
                }
            }
        }
    }

    private final Map<String, Pod> byUid = new HashMap<>();
    /** address -> UID -> pod: more than one UID is the ambiguous case. */
    private final Map<String, Map<String, Pod>> byIp = new HashMap<>();

    private final Map<String, Set<Claim>> claims = new HashMap<>();
    private volatile boolean synced;

    /** The pod as it is now (added or changed). Pods not Running or without an IP own no address. */
    public void upsert(Pod pod) {
        List<Claim> revoked;
        synchronized (this) {
            Set<String> touched = forget(pod.uid());
            if (pod.running() && !pod.ips().isEmpty()) {
                byUid.put(pod.uid(), pod);
                for (String raw : pod.ips()) {
                    String ip = normalize(raw);
                    if (ip != null) {
                        byIp.computeIfAbsent(ip, k -> new LinkedHashMap<>()).put(pod.uid(), pod);
                        touched.add(ip);
                    }
                }
            }
            revoked = revoke(touched);
        }
        revoked.forEach(c -> c.onRevoked.run());
    }

    /** The pod with this UID is gone; a pod with another UID on the same address is left alone. */
    public void delete(String uid) {
        List<Claim> revoked;
        synchronized (this) {
            revoked = revoke(forget(uid));
        }
        revoked.forEach(c -> c.onRevoked.run());
    }

    /** The informer has listed every pod: lookups answer from here on. */
    public void markSynced() {
        synced = true;
    }

    public boolean synced() {
        return synced;
    }

    /** Looks up the pod of {@code source} now, without holding a claim. */
    public synchronized Lookup lookup(InetAddress source) {
        return decide(normalize(source.getHostAddress()), null);
    }

    /**
     * The identity of a connection from {@code source}: a claim that stays valid while the pod owns the address
     * alone, after which {@code onRevoked} runs once (on the thread that applied the change), or a refusal.
     */
    public synchronized Lookup claim(InetAddress source, Runnable onRevoked) {
        return decide(normalize(source.getHostAddress()), onRevoked);
    }

    /** How many connections hold a claim now. */
    public synchronized int claims() {
        return claims.values().stream().mapToInt(Set::size).sum();
    }

    private Lookup decide(String ip, Runnable onRevoked) {
        if (!synced) {
            return new Refused(Reason.NOT_SYNCED, "the pod index has not listed the cluster's pods yet");
        }
        Map<String, Pod> owners = ip == null ? null : byIp.get(ip);
        if (owners == null || owners.isEmpty()) {
            return new Refused(Reason.UNKNOWN_ADDRESS, "no Running pod has the address " + ip);
        }
        if (owners.size() > 1) {
            return new Refused(
                    Reason.AMBIGUOUS,
                    "pods " + owners.values().stream().map(Pod::name).sorted().toList() + " all claim the address "
                            + ip);
        }
        Pod pod = owners.values().iterator().next();
        if (pod.hostNetwork()) {
            return new Refused(
                    Reason.HOST_NETWORK,
                    "pod " + pod.name() + " uses the node's network, so " + ip + " is not one pod's address");
        }
        Claim c = new Claim(ip, pod, onRevoked == null ? () -> {} : onRevoked);
        if (onRevoked != null) {
            claims.computeIfAbsent(ip, k -> new HashSet<>()).add(c);
        }
        return c;
    }

    /** Removes the pod's entries; returns the addresses it held. */
    private Set<String> forget(String uid) {
        Set<String> touched = new HashSet<>();
        Pod old = byUid.remove(uid);
        if (old != null) {
            for (String raw : old.ips()) {
                String ip = normalize(raw);
                Map<String, Pod> owners = ip == null ? null : byIp.get(ip);
                if (owners != null && owners.remove(uid) != null) {
                    touched.add(ip);
                    if (owners.isEmpty()) {
                        byIp.remove(ip);
                    }
                }
            }
        }
        return touched;
    }

    /** Claims on these addresses whose pod no longer owns the address alone, as it did: removed and returned. */
    private List<Claim> revoke(Set<String> addresses) {
        List<Claim> out = new ArrayList<>();
        for (String ip : addresses) {
            Set<Claim> held = claims.get(ip);
            if (held == null) {
                continue;
            }
            Map<String, Pod> owners = byIp.get(ip);
            for (Claim c : List.copyOf(held)) {
                Pod now = owners == null || owners.size() != 1 ? null : owners.get(c.pod.uid());
                if (now == null || now.hostNetwork() || !now.identity().equals(c.pod.identity())) {
                    held.remove(c);
                    out.add(c);
                }
            }
            if (held.isEmpty()) {
                claims.remove(ip);
            }
        }
        return out;
    }

    /** The canonical text of an IP literal (IPv4-mapped IPv6 as IPv4); null if it is not one (never a DNS lookup). */
    static String normalize(String ip) {
        InetAddress a = ip == null ? null : NetUtil.createInetAddressFromIpAddressString(ip.strip());
        return a == null ? null : a.getHostAddress();
    }
}
