package egress.designer.viewmodel;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.simulator.Workbench;
import egress.simulator.traffic.LoadedTraffic;
import egress.simulator.traffic.TrafficChanges;
import egress.simulator.traffic.TrafficVerdicts;
import java.util.List;
import java.util.Set;

/**
 * Decides loaded traffic under the workspace as edited and compares it with the baseline (the workspace as last
 * opened, saved or deployed), doing as little as it can: the baseline's verdicts are kept while the baseline, the
 * engine and the traffic stay the same, and after an edit of Egress policies only the requests of the clients they
 * name are decided again ({@link EditedClients}). Called from one thread at a time (the traffic thread); the
 * baseline may be replaced from another.
 */
final class TrafficDecider {
    private volatile Workbench baseline = new Workbench();
    /** The baseline's verdicts. */
    private volatile Decided before;
    /** The last traffic decided as edited. */
    private volatile Decided after;

    /** Verdicts of one version of the set, for one engine, over one version of the traffic. */
    private record Decided(Workbench.Snapshot snapshot, Engine engine, TrafficVerdicts verdicts) {
        boolean still(Workbench.Snapshot s, Engine e, TrafficVerdicts.Prepared traffic) {
            return snapshot == s && engine == e && verdicts.prepared() == traffic;
        }
    }

    /** The workspace was opened, saved or deployed as {@code manifests}: changes are counted from here. */
    void baseline(List<Manifest> manifests) {
        baseline = new Workbench(manifests);
        before = null;
    }

    Workbench.Snapshot baseline() {
        return baseline.snapshot();
    }

    /** Other traffic: nothing decided so far applies to it. */
    void forget() {
        before = null;
        after = null;
    }

    /** The traffic decided under {@code now} and compared with the baseline {@code base}. */
    TrafficChanges changes(LoadedTraffic t, Workbench.Snapshot now, Workbench.Snapshot base, Engine e) {
        Decided last = after;
        // the same version of the traffic is prepared once: every set after it decides the same prepared entries
        boolean sameTraffic = last != null && last.verdicts().trafficVersion() == t.version();
        TrafficVerdicts.Prepared prepared = sameTraffic ? last.verdicts().prepared() : TrafficVerdicts.Prepared.of(t);
        Set<Identity> clients = !sameTraffic || last.engine() != e
                ? null
                : EditedClients.of(last.snapshot().manifests(), now.manifests());
        TrafficVerdicts current = clients == null
                ? TrafficVerdicts.decide(prepared, now.simulator(e, true))
                : TrafficVerdicts.decideAgain(last.verdicts(), now.simulator(e, true), clients::contains);
        after = new Decided(now, e, current);
        Decided kept = before;
        TrafficVerdicts then;
        if (kept != null && kept.still(base, e, current.prepared())) {
            then = kept.verdicts();
        } else {
            // the baseline differs from the edited set as an edit would: decide again only what that can change
            Set<Identity> differ = EditedClients.of(now.manifests(), base.manifests());
            then = differ == null
                    ? TrafficVerdicts.decide(current.prepared(), base.simulator(e, true))
                    : TrafficVerdicts.decideAgain(current, base.simulator(e, true), differ::contains);
            before = new Decided(base, e, then);
        }
        return current.against(then);
    }

    /** What replacing {@code from} with {@code to} does to the traffic (a deploy); blocks. */
    static TrafficChanges impact(LoadedTraffic t, List<Manifest> from, List<Manifest> to, Engine e) {
        TrafficVerdicts now =
                TrafficVerdicts.decide(t, new Workbench(to).snapshot().simulator(e, true));
        TrafficVerdicts then = TrafficVerdicts.decide(
                now.prepared(), new Workbench(from).snapshot().simulator(e, true));
        return now.against(then);
    }
}
