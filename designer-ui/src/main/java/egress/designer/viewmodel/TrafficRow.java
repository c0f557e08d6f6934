package egress.designer.viewmodel;

import egress.policy.i18n.Message;
import egress.policy.match.RuleRef;
import egress.policy.match.Verdict;
import egress.policy.model.ObjectRef;
import egress.simulator.traffic.ChangeKind;
import egress.simulator.traffic.TrafficChanges;
import egress.simulator.traffic.TrafficVerdicts;

/**
 * One distinct loaded request as the Traffic table shows it: entry {@code index} of the traffic decided under the
 * workspace as edited and compared with the last save or deploy. Texts are worked out when a cell asks, so a
 * table of 100,000 requests costs one small object per row after an edit.
 */
public record TrafficRow(TrafficChanges changes, int index) {
    private TrafficVerdicts now() {
        return changes.current();
    }

    /** A curl line for http and https, {@code tcp IP:PORT} for tcp. */
    public String request() {
        return now().commandLine(index);
    }

    /** The client, {@code namespace/serviceaccount}. */
    public String from() {
        return now().observed(index).sample().request().from().toString();
    }

    /** How many times it was recorded. */
    public long count() {
        return now().observed(index).count();
    }

    /** Its verdict under the workspace as edited. */
    public Verdict verdict() {
        return now().verdict(index);
    }

    /** The deciding policy and rule ({@code curl/httpbin-80 spec.ports[0] ...}); the policy alone, or empty. */
    public String rule() {
        ObjectRef policy = now().policy(index);
        RuleRef rule = now().rule(index);
        return rule != null ? policy + " " + rule : policy == null ? "" : policy.toString();
    }

    /** Why it is decided so, in every language. */
    public Message reason() {
        return now().reason(index);
    }

    /** How it changed since the last save or deploy; null when it did not. */
    public ChangeKind change() {
        return changes.kind(index);
    }
}
