package egress.simulator.traffic;

import egress.policy.match.Verdict;
import egress.simulator.SimulatedRequest;

/**
 * One request read from recorded traffic, whatever the format it came in.
 *
 * @param file     the file it was read from, for messages
 * @param line     its line number in that file
 * @param format   the format the line was read as
 * @param request  the request, ready for the simulator
 * @param time     when it was recorded, epoch milliseconds; -1 when the line does not say
 * @param recorded the verdict when it was recorded; null when the line does not say (the replay format)
 * @param policy   the policy that decided it when it was recorded, {@code namespace/name}; null when none or unknown
 */
public record RecordedRequest(
        String file,
        long line,
        TrafficFormat format,
        SimulatedRequest request,
        long time,
        Verdict recorded,
        String policy) {

    /** Whether it got through when recorded; a line that does not say counts as observed, so allowed. */
    public boolean allowedWhenRecorded() {
        return recorded == null || recorded == Verdict.ALLOW;
    }
}
