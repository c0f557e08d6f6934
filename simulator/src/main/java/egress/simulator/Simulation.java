package egress.simulator;

import egress.policy.i18n.Message;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Verdict;
import egress.simulator.curl.CurlResult;
import java.util.Locale;

/**
 * One simulated request: what the sidecar decided, what reached the client, and what curl printed.
 *
 * @param request    null when the destination name did not resolve (then decision is null too)
 * @param verdict    the decision's verdict, or deny when an allowed request's upstream cannot be reached
 * @param curlResult null for an explicit (non-curl) request
 */
public record Simulation(
        EgressRequest request, Decision decision, Verdict verdict, Outcome outcome, CurlResult curlResult) {

    /**
     * curl's exit code (for an explicit request, the one curl would have had), or null when the data
     * plane's random order decides what the client sees.
     */
    public Integer exitCode() {
        if (curlResult != null) {
            return curlResult.exitCode();
        }
        if (outcome.failure() != null) {
            return outcome.failure().exitCode();
        }
        return outcome.certain() ? 0 : null;
    }

    /** What {@code kubectl exec ... -- curl} prints: curl's output, then the exit code line when it failed. */
    public String kubectlOutput() {
        if (curlResult == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(curlResult.stdout()).append(curlResult.stderr());
        if (curlResult.exitCode() != 0) {
            s.append("command terminated with exit code ")
                    .append(curlResult.exitCode())
                    .append('\n');
        }
        return s.toString();
    }

    /** A short explanation: the verdict, the deciding policy and rule, or the nearest miss. */
    public String explain() {
        return explain(Locale.ENGLISH);
    }

    /** {@link #explain()} in a language: verdicts, signals, names and rules stay as they are written. */
    public String explain(Locale locale) {
        if (decision == null) {
            return "deny (" + outcome.signal() + "): "
                    + Message.of("explain.unresolved").render(locale);
        }
        StringBuilder s = new StringBuilder();
        s.append(verdict.id())
                .append(" (")
                .append(outcome.signal())
                .append("): ")
                .append(decision.reason(locale));
        if (decision.rule() != null) {
            s.append("\n  ")
                    .append(label("explain.rule", locale))
                    .append(decision.policy())
                    .append(' ')
                    .append(decision.rule());
        }
        if (decision.upstream() != null) {
            s.append("\n  ").append(label("explain.upstream", locale)).append(decision.upstream());
        }
        String miss = decision.allowed() ? null : decision.nearestMiss(locale);
        if (miss != null) {
            s.append("\n  ").append(label("explain.nearest-miss", locale)).append(miss);
        }
        return s.toString();
    }

    private static String label(String code, Locale locale) {
        return Message.of(code).render(locale);
    }
}
