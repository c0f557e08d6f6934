package egress.simulator.traffic;

import egress.policy.i18n.Message;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.RuleRef;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlLine;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.traffic.LoadedTraffic.Observed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Loaded traffic decided under one policy set: for every distinct request its verdict, the deciding policy and
 * rule, and why (a {@link Message}, so each front end renders it in its language). Only the decision is worked
 * out (no response, no curl output), on every core once there are many requests: this is what a designer
 * recomputes after each edit. Immutable once made.
 */
public final class TrafficVerdicts {
    /** Below this many distinct requests, deciding in one thread is quicker than splitting the work. */
    private static final int PARALLEL_FROM = 2048;

    private final Prepared prepared;
    private final List<Observed> observed;
    private final Verdict[] verdicts;
    private final Decision[] decisions;
    private final EgressRequest[] requests;
    private final long trafficVersion;

    private TrafficVerdicts(Prepared prepared) {
        this.prepared = prepared;
        this.observed = prepared.observed;
        this.trafficVersion = prepared.version;
        int n = observed.size();
        verdicts = new Verdict[n];
        decisions = new Decision[n];
        requests = new EgressRequest[n];
    }

    /**
     * One version of loaded traffic made ready to be decided again and again (after every edit): the entries, the
     * requests that name their address taken apart once (they read the same under every set: no name to resolve,
     * no server-name check), and the entries by count. Immutable once made.
     */
    public static final class Prepared {
        private static final Simulator RESOLVER = new Simulator(new SimulatedMesh(Engine.OSM, new Dns()));
        private final List<Observed> observed;
        private final long version;
        private final EgressRequest[] fixed;
        private volatile int[] byCount;

        private Prepared(List<Observed> observed, long version) {
            this.observed = List.copyOf(observed);
            this.version = version;
            this.fixed = new EgressRequest[this.observed.size()];
            range(this.observed.size()).forEach(i -> {
                SimulatedRequest r = this.observed.get(i).sample().request();
                if (r.curl() == null && r.ip() != null) {
                    fixed[i] = RESOLVER.request(r);
                }
            });
        }

        /** The entries of {@code traffic} as they are now. */
        public static Prepared of(LoadedTraffic traffic) {
            synchronized (traffic) {
                return new Prepared(traffic.observed(), traffic.version());
            }
        }

        /** Entry {@code i} of a {@link LoadedTraffic} at {@code version}. */
        public static Prepared of(List<Observed> observed, long version) {
            return new Prepared(observed, version);
        }

        public List<Observed> observed() {
            return observed;
        }

        public long version() {
            return version;
        }

        /** Entry indices, the most seen first (ties by index). */
        public int[] byCount() {
            int[] order = byCount;
            if (order == null) {
                long[] keys = new long[observed.size()];
                for (int i = 0; i < keys.length; i++) {
                    long inverted = Integer.MAX_VALUE - Math.min(observed.get(i).count(), Integer.MAX_VALUE);
                    keys[i] = inverted << 32 | i;
                }
                java.util.Arrays.sort(keys);
                order = new int[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    order[i] = (int) keys[i];
                }
                byCount = order;
            }
            return order;
        }
    }

    /** Decides every distinct request of {@code traffic} as it is now. */
    public static TrafficVerdicts decide(LoadedTraffic traffic, Simulator simulator) {
        return decide(Prepared.of(traffic), simulator);
    }

    /** Decides the given entries (entry {@code i} of a {@link LoadedTraffic} at {@code trafficVersion}). */
    public static TrafficVerdicts decide(List<Observed> observed, long trafficVersion, Simulator simulator) {
        return decide(Prepared.of(observed, trafficVersion), simulator);
    }

    /**
     * Decides prepared traffic under a set: a request that names its address goes straight to the compiled set,
     * any other (a curl line, a name to resolve) through the simulator, as {@code simulate --requests} does.
     */
    public static TrafficVerdicts decide(Prepared prepared, Simulator simulator) {
        TrafficVerdicts v = new TrafficVerdicts(prepared);
        CompiledPolicySet compiled = simulator.mesh().compiled();
        range(v.observed.size()).forEach(i -> v.decide(i, compiled, simulator));
        return v;
    }

    /** Decides entry {@code i}: straight through the compiled set when its address is known, else simulated. */
    private void decide(int i, CompiledPolicySet compiled, Simulator simulator) {
        EgressRequest fixed = prepared.fixed[i];
        if (fixed != null) {
            Decision d = compiled.decide(fixed);
            verdicts[i] = d.verdict();
            decisions[i] = d;
            requests[i] = fixed;
        } else {
            Simulation s = simulator.run(observed.get(i).sample().request(), false);
            verdicts[i] = s.verdict();
            decisions[i] = s.decision();
            requests[i] = s.request();
        }
    }

    /**
     * {@code previous} decided again under {@code simulator} for the entries whose client {@code affected} accepts;
     * the others keep their decisions. For a designer whose edit changed only Egress policies: the compiled set
     * selects policies by client (their sources), so a client none of the changed policies names decides as before.
     */
    public static TrafficVerdicts decideAgain(
            TrafficVerdicts previous, Simulator simulator, Predicate<Identity> affected) {
        TrafficVerdicts v = new TrafficVerdicts(previous.prepared);
        CompiledPolicySet compiled = simulator.mesh().compiled();
        range(v.observed.size()).forEach(i -> {
            if (affected.test(v.observed.get(i).sample().request().from())) {
                v.decide(i, compiled, simulator);
            } else {
                v.verdicts[i] = previous.verdicts[i];
                v.decisions[i] = previous.decisions[i];
                v.requests[i] = previous.requests[i];
            }
        });
        return v;
    }

    private static IntStream range(int n) {
        IntStream range = IntStream.range(0, n);
        return n >= PARALLEL_FROM ? range.parallel() : range;
    }

    /** The traffic these verdicts were decided over. */
    public Prepared prepared() {
        return prepared;
    }

    public int size() {
        return observed.size();
    }

    /** The version of the traffic these verdicts were decided over. */
    public long trafficVersion() {
        return trafficVersion;
    }

    public List<Observed> observed() {
        return observed;
    }

    public Observed observed(int i) {
        return observed.get(i);
    }

    public Verdict verdict(int i) {
        return verdicts[i];
    }

    /** The request as the sidecar saw it; null when its destination name did not resolve. */
    public EgressRequest request(int i) {
        return requests[i];
    }

    /** The Egress that decided it (allowed it, or refused it by its routes); null for none. */
    public ObjectRef policy(int i) {
        return decisions[i] == null ? null : decisions[i].policy();
    }

    public RuleRef rule(int i) {
        return decisions[i] == null ? null : decisions[i].rule();
    }

    /** Why it was decided so. */
    public Message reason(int i) {
        return decisions[i] == null ? Message.of("explain.unresolved") : decisions[i].reasonMessage();
    }

    /** For a refusal, the closest rule that did not match and what differs; null when none. */
    public Message nearestMiss(int i) {
        Decision d = decisions[i];
        return d == null || d.allowed() ? null : d.nearestMissMessage();
    }

    /** What a person runs to send it again: a curl line for http and https, {@code tcp IP:PORT} for tcp. */
    public String commandLine(int i) {
        EgressRequest r = requests[i];
        return r == null ? describe(observed.get(i).sample().request()) : CurlLine.of(r);
    }

    /** Where it went, for grouping: the host or server name when there is one, else the address and port. */
    public String host(int i) {
        EgressRequest r = requests[i];
        if (r == null) {
            String h = observed.get(i).sample().request().host();
            return h == null ? "(unresolved)" : h;
        }
        if (r.host() != null) {
            return r.host();
        }
        return r.sni() != null ? r.sni() : r.destination();
    }

    /**
     * What changed from {@code baseline} (the same traffic decided under the set as last saved or deployed), entry
     * by entry: entries are matched by position when they are the same request (a {@link LoadedTraffic} only
     * appends), else by request; an entry the baseline never decided counts as unchanged.
     */
    public TrafficChanges against(TrafficVerdicts baseline) {
        int[] before = new int[size()];
        if (baseline.prepared == prepared) { // decided over the same entries: entry i is entry i
            for (int i = 0; i < before.length; i++) {
                before[i] = i;
            }
            return TrafficChanges.of(baseline, this, before);
        }
        Map<Object, Integer> byRequest = null;
        for (int i = 0; i < size(); i++) {
            Object req = observed.get(i).sample().request();
            if (i < baseline.size()
                    && baseline.observed.get(i).sample().request().equals(req)) {
                before[i] = i;
                continue;
            }
            if (byRequest == null) {
                byRequest = new HashMap<>();
                for (int j = 0; j < baseline.size(); j++) {
                    byRequest.putIfAbsent(baseline.observed.get(j).sample().request(), j);
                }
            }
            before[i] = byRequest.getOrDefault(req, -1);
        }
        return TrafficChanges.of(baseline, this, before);
    }

    /** A request whose name did not resolve, as read: {@code http GET host:port/path}. */
    static String describe(SimulatedRequest r) {
        if (r.curl() != null) {
            return "curl " + r.curl().connectAddress().host() + ":"
                    + r.curl().connectAddress().port();
        }
        StringBuilder b =
                new StringBuilder(r.protocol() == null ? "http" : r.protocol().id());
        if (r.method() != null) {
            b.append(' ').append(r.method());
        }
        b.append(' ').append(r.host() != null ? r.host() : r.ip());
        if (r.port() != null) {
            b.append(':').append(r.port());
        }
        if (r.path() != null) {
            b.append(r.path());
        }
        return b.toString();
    }
}
