package egress.simulator.traffic;

import egress.policy.i18n.Message;
import egress.policy.model.ObjectRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an edit does to loaded traffic: each distinct request's change between the baseline (the set as last saved
 * or deployed) and the set as edited, the same kinds as {@code egress diff --requests} ({@link ChangeKind}), counted by
 * recorded requests (an entry seen 12 times counts 12), grouped by kind, client, policy and host with a few
 * examples, and summed up in one line a person reads after each edit: "this edit newly refuses 12 recorded
 * requests from curl/curl to api.github.com". Immutable.
 */
public final class TrafficChanges {
    /** Examples kept per group. */
    public static final int EXAMPLES = 3;

    private final TrafficVerdicts baseline;
    private final TrafficVerdicts current;
    private final ChangeKind[] kinds;
    private final long[] requestsByKind = new long[ChangeKind.values().length];
    private final int[] distinctByKind = new int[ChangeKind.values().length];
    private final List<Group> groups;
    private final long requests;

    /**
     * Requests that changed alike.
     *
     * @param policy   the policy that decided it: before for a refusal, after for a new allow, {@code before -> after}
     *                 for a change of policy; {@code (no policy)} when none
     * @param requests recorded requests, each distinct one weighted by its count
     * @param examples entry indices of up to {@link #EXAMPLES} of them, most seen first
     */
    public record Group(
            ChangeKind kind,
            String from,
            String policy,
            String host,
            long requests,
            int distinct,
            List<Integer> examples) {}

    private record Key(ChangeKind kind, String from, String policy, String host) {}

    private static final class Building {
        long requests;
        int distinct;
        final List<Integer> examples = new ArrayList<>(EXAMPLES + 1);
    }

    private TrafficChanges(
            TrafficVerdicts baseline, TrafficVerdicts current, ChangeKind[] kinds, List<Group> groups, long requests) {
        this.baseline = baseline;
        this.current = current;
        this.kinds = kinds;
        this.groups = groups;
        this.requests = requests;
    }

    /** {@code before[i]}: the baseline's entry for the current entry i, -1 when it has none. */
    static TrafficChanges of(TrafficVerdicts baseline, TrafficVerdicts current, int[] before) {
        int n = current.size();
        ChangeKind[] kinds = new ChangeKind[n];
        Map<Key, Building> building = new HashMap<>();
        long total = 0;
        for (int i = 0; i < n; i++) {
            long count = current.observed(i).count();
            total += count;
            int j = before[i];
            if (j < 0) {
                continue;
            }
            ChangeKind kind =
                    ChangeKind.of(baseline.verdict(j), baseline.policy(j), current.verdict(i), current.policy(i));
            if (kind == null) {
                continue;
            }
            String policy = kind == ChangeKind.CHANGED_POLICY
                    ? name(baseline.policy(j)) + " -> " + name(current.policy(i))
                    : name(kind == ChangeKind.NEWLY_ALLOWED ? current.policy(i) : baseline.policy(j));
            kinds[i] = kind;
            Building g = building.computeIfAbsent(
                    new Key(kind, current.observed(i).sample().request().from().toString(), policy, current.host(i)),
                    k -> new Building());
            g.requests += count;
            g.distinct++;
            g.examples.add(i);
            if (g.examples.size() > EXAMPLES) {
                g.examples.sort(Comparator.comparingLong(
                        (Integer e) -> -current.observed(e).count()));
                g.examples.remove(EXAMPLES);
            }
        }
        List<Group> groups = new ArrayList<>(building.size());
        building.forEach((k, g) -> {
            g.examples.sort(
                    Comparator.comparingLong((Integer e) -> -current.observed(e).count())
                            .thenComparing(e -> e));
            groups.add(new Group(
                    k.kind(), k.from(), k.policy(), k.host(), g.requests, g.distinct, List.copyOf(g.examples)));
        });
        groups.sort(Comparator.comparing(Group::kind)
                .thenComparingLong(g -> -g.requests())
                .thenComparing(Group::from)
                .thenComparing(Group::policy)
                .thenComparing(Group::host));
        TrafficChanges c = new TrafficChanges(baseline, current, kinds, List.copyOf(groups), total);
        for (Group g : groups) {
            c.requestsByKind[g.kind().ordinal()] += g.requests();
            c.distinctByKind[g.kind().ordinal()] += g.distinct();
        }
        return c;
    }

    private static String name(ObjectRef p) {
        return p == null ? "(no policy)" : p.toString();
    }

    public TrafficVerdicts baseline() {
        return baseline;
    }

    public TrafficVerdicts current() {
        return current;
    }

    /** How entry {@code i} of {@link #current()} changed; null when it did not. */
    public ChangeKind kind(int i) {
        return kinds[i];
    }

    /**
     * Entry indices as a table shows them: the changed ones first (by kind, then the most seen), then, unless
     * {@code changedOnly}, the others, the most seen first.
     */
    public int[] order(boolean changedOnly) {
        int changed = 0;
        for (ChangeKind k : kinds) {
            changed += k == null ? 0 : 1;
        }
        long[] keys = new long[changed];
        int[] byCount = current.prepared().byCount();
        int n = 0;
        for (int rank = 0; rank < byCount.length && n < changed; rank++) {
            int i = byCount[rank];
            if (kinds[i] != null) {
                keys[n++] = (long) kinds[i].ordinal() << 40 | rank;
            }
        }
        java.util.Arrays.sort(keys);
        int[] out = new int[changedOnly ? changed : byCount.length];
        for (int k = 0; k < changed; k++) {
            out[k] = byCount[(int) (keys[k] & 0xFF_FFFF_FFFFL)];
        }
        if (!changedOnly) {
            int at = changed;
            for (int i : byCount) {
                if (kinds[i] == null) {
                    out[at++] = i;
                }
            }
        }
        return out;
    }

    /** Recorded requests (weighted by count) decided. */
    public long requests() {
        return requests;
    }

    /** Recorded requests (weighted by count) that changed so. */
    public long requests(ChangeKind kind) {
        return requestsByKind[kind.ordinal()];
    }

    /** Distinct requests that changed so. */
    public int distinct(ChangeKind kind) {
        return distinctByKind[kind.ordinal()];
    }

    /** Recorded requests whose verdict changed (a change of policy alone does not count). */
    public long verdictChanges() {
        return requests(ChangeKind.NEWLY_REFUSED)
                + requests(ChangeKind.NEWLY_ALLOWED)
                + requests(ChangeKind.OTHER_VERDICT);
    }

    /** Whether anything changed, a change of policy included. */
    public boolean any() {
        return !groups.isEmpty();
    }

    /** Groups by kind, then most requests first. */
    public List<Group> groups() {
        return groups;
    }

    /**
     * One line per kind of change, most severe first ("this edit newly refuses 12 recorded requests from curl/curl
     * to api.github.com"); a single line saying nothing changed (or nothing is loaded) when nothing did.
     */
    public List<Message> summary() {
        if (requests == 0) {
            return List.of(Message.of("traffic.impact.empty"));
        }
        if (groups.isEmpty()) {
            return List.of(Message.of("traffic.impact.none", requests));
        }
        List<Message> out = new ArrayList<>();
        for (ChangeKind kind : ChangeKind.values()) {
            long n = requests(kind);
            if (n == 0) {
                continue;
            }
            Group top = null;
            boolean oneClientAndHost = true;
            for (Group g : groups) {
                if (g.kind() != kind) {
                    continue;
                }
                if (top == null) {
                    top = g; // groups are sorted: the first of a kind has the most requests
                } else if (!g.from().equals(top.from()) || !g.host().equals(top.host())) {
                    oneClientAndHost = false;
                }
            }
            String code = "traffic.impact." + kind.id();
            if (oneClientAndHost) {
                out.add(Message.of(n == 1 ? code + ".single" : code, n, top.from(), top.host()));
            } else {
                out.add(Message.of(code + ".spread", n, top.from(), top.host(), top.requests()));
            }
        }
        return out;
    }

    /** {@link #summary()} in a language, one line per kind joined with "; ". */
    public String summaryText(Locale locale) {
        StringBuilder b = new StringBuilder();
        for (Message m : summary()) {
            b.append(b.length() == 0 ? "" : "; ").append(m.render(locale));
        }
        return b.toString();
    }
}
