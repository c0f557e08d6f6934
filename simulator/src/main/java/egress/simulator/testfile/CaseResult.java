package egress.simulator.testfile;

import java.util.List;
import java.util.Map;

/**
 * The result of one case.
 *
 * @param actual   what was observed: verdict, signal, exitCode, policy, upstream, reason (admission:
 *                 admission and message)
 * @param failures one line per expectation that did not hold
 */
public record CaseResult(String file, String name, boolean passed, Map<String, Object> expected,
                         Map<String, Object> actual, List<String> failures) {
}
