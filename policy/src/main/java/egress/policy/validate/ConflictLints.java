package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.ObjectRef;
import egress.policy.model.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lints about two port entries on one port that reach the same client: they are merged into one sidecar
 * configuration, which an Envoy data plane may reject and pipy may resolve at random. Each finding is
 * reported at the later of the two entries.
 */
final class ConflictLints {
    private record Entry(Egress egress, Egress.Port port, String protocol) {
        boolean tcpLike() {
            Protocol p = Protocol.of(protocol);
            return p != null && p.isTcp();
        }

        boolean httpLike() {
            return protocol.equals("http") || protocol.equals("https");
        }
    }

    private ConflictLints() {}

    static void lint(LintContext cx) {
        List<Entry> entries = new ArrayList<>();
        for (Egress e : cx.set().egresses()) {
            for (Egress.Port p : e.ports()) {
                String protocol = p.protocol().toLowerCase(Locale.ROOT);
                if (Protocol.of(protocol) != null) {
                    entries.add(new Entry(e, p, protocol));
                }
            }
        }
        Map<Integer, List<Entry>> byPort = new TreeMap<>();
        for (Entry e : entries) {
            byPort.computeIfAbsent(e.port().number(), k -> new ArrayList<>()).add(e);
        }
        for (List<Entry> onPort : byPort.values()) {
            for (int j = 0; j < onPort.size(); j++) {
                for (int i = 0; i < j; i++) {
                    Entry a = onPort.get(i);
                    Entry b = onPort.get(j);
                    // two versions of one object (a later apply replaces the earlier) do not conflict
                    if (!a.egress().ref().equals(b.egress().ref())) {
                        sharedClient(a.egress(), b.egress()).ifPresent(client -> pair(cx, a, b, client));
                    }
                }
            }
        }
    }

    private static void pair(LintContext cx, Entry a, Entry b, ObjectRef client) {
        int port = b.port().number();
        String other = "Egress " + a.egress().ref();
        if (a.protocol().equals(b.protocol()) && a.httpLike()) {
            Set<String> theirs = new HashSet<>();
            a.egress().hosts().forEach(h -> theirs.add(h.toLowerCase(Locale.ROOT)));
            for (String h : b.egress().hosts()) {
                if (theirs.contains(h.toLowerCase(Locale.ROOT))) {
                    cx.warn(
                            Egress.KIND,
                            b.egress().ref(),
                            cx.valuePath(b.egress(), "spec.hosts", h),
                            Message.of(Codes.DUPLICATE_HOST_PORT, h, port, other, client));
                }
            }
        }
        boolean sameIps = Set.copyOf(a.egress().ipAddresses())
                .equals(Set.copyOf(b.egress().ipAddresses()));
        if (a.tcpLike() && b.tcpLike() && !a.protocol().equals(b.protocol()) && sameIps) {
            cx.warn(
                    Egress.KIND,
                    b.egress().ref(),
                    cx.portPath(b.egress(), b.port()),
                    Message.of(Codes.TCP_AND_SERVER_FIRST, port, b.protocol(), a.protocol(), other, client));
        }
        boolean noIps =
                a.egress().ipAddresses().isEmpty() && b.egress().ipAddresses().isEmpty();
        if (noIps && (a.tcpLike() && b.httpLike() || a.httpLike() && b.tcpLike())) {
            cx.warn(
                    Engine.PIPY,
                    Egress.KIND,
                    b.egress().ref(),
                    cx.portPath(b.egress(), b.port()),
                    Message.of(Codes.PIPY_NON_DETERMINISTIC, port, b.protocol(), a.protocol(), other, client));
        }
    }

    /** A ServiceAccount both Egresses select, if any. */
    private static Optional<ObjectRef> sharedClient(Egress a, Egress b) {
        for (Egress.Source s : a.sources()) {
            for (Egress.Source t : b.sources()) {
                if ("ServiceAccount".equals(s.kind())
                        && "ServiceAccount".equals(t.kind())
                        && s.name() != null
                        && s.name().equals(t.name())
                        && s.namespace() != null
                        && s.namespace().equals(t.namespace())) {
                    return Optional.of(new ObjectRef(s.namespace(), s.name()));
                }
            }
        }
        return Optional.empty();
    }
}
