package egress.simulator.traffic;

import egress.policy.i18n.Message;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.RuleRef;
import egress.policy.match.Verdict;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlLine;
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
    private final List<Observed> observed;
    private final Verdict[] verdicts;
    private final Decision[] decisions;
    private final EgressRequest[] requests;
    private final long trafficVersion;

    private TrafficVerdicts(List<Observed> observed, long trafficVersion) {
        this.observed = observed;
        this.trafficVersion = trafficVersion;
        int n = observed.size();
        verdicts = new Verdict[n];
        decisions = new Decision[n];
        requests = new EgressRequest[n];
    }

    /** Decides every distinct request of {@code traffic} as it is now. */
    public static TrafficVerdicts decide(LoadedTraffic traffic, Simulator simulator) {
        long version;
        List<Observed> observed;
        synchronized (traffic) {
            version = traffic.version();
            observed = traffic.observed();
        }
        return decide(observed, version, simulator);
    }

    /** Decides the given entries (entry {@code i} of a {@link LoadedTraffic} at {@code trafficVersion}). */
    public static TrafficVerdicts decide(List<Observed> observed, long trafficVersion, Simulator simulator) {
        TrafficVerdicts v = new TrafficVerdicts(List.copyOf(observed), trafficVersion);
        IntStream range = IntStream.range(0, v.observed.size());
        (v.observed.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> {
            Simulation s = simulator.run(v.observed.get(i).sample().request(), false);
            v.verdicts[i] = s.verdict();
            v.decisions[i] = s.decision();
            v.requests[i] = s.request();
        });
        return v;
    }

    /**
     * {@code previous} decided again under {@code simulator} for the entries whose client {@code affected} accepts;
     * the others keep their decisions. For a designer whose edit changed only Egress policies: the compiled set
     * selects policies by client (their sources), so a client none of the changed policies names decides as before.
     */
    public static TrafficVerdicts decideAgain(TrafficVerdicts previous, Simulator simulator,
                                              Predicate<Identity> affected) {
        TrafficVerdicts v = new TrafficVerdicts(previous.observed, previous.trafficVersion);
        IntStream range = IntStream.range(0, v.observed.size());
        (v.observed.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> {
            SimulatedRequest req = v.observed.get(i).sample().request();
            if (affected.test(req.from())) {
                Simulation s = simulator.run(req, false);
                v.verdicts[i] = s.verdict();
                v.decisions[i] = s.decision();
                v.requests[i] = s.request();
            } else {
                v.verdicts[i] = previous.verdicts[i];
                v.decisions[i] = previous.decisions[i];
                v.requests[i] = previous.requests[i];
            }
        });
        return v;
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
        Map<Object, Integer> byRequest = null;
        for (int i = 0; i < size(); i++) {
            Object req = observed.get(i).sample().request();
            if (i < baseline.size() && baseline.observed.get(i).sample().request().equals(req)) {
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
    static String describe(egress.simulator.SimulatedRequest r) {
        if (r.curl() != null) {
            return "curl " + r.curl().connectAddress().host() + ":" + r.curl().connectAddress().port();
        }
        StringBuilder b = new StringBuilder(r.protocol() == null ? "http" : r.protocol().id());
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
