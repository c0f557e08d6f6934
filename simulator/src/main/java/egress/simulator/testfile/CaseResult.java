package egress.simulator.testfile;

import egress.policy.i18n.Message;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one case.
 *
 * @param actual         what was observed: verdict, signal, exitCode, policy, upstream, reason (admission:
 *                       admission and message), in English
 * @param failures       one line per expectation that did not hold, in English
 * @param failureDetails the same failures as codes and arguments, to render in another language
 * @param reason         why the request was decided so, as a code and arguments; null for an admission case
 */
public record CaseResult(
        String file,
        String name,
        boolean passed,
        Map<String, Object> expected,
        Map<String, Object> actual,
        List<String> failures,
        List<Message> failureDetails,
        Message reason) {

    /** A result whose failures are shown as written in every language. */
    public CaseResult(
            String file,
            String name,
            boolean passed,
            Map<String, Object> expected,
            Map<String, Object> actual,
            List<String> failures) {
        this(
                file,
                name,
                passed,
                expected,
                actual,
                failures,
                failures.stream().map(f -> Message.of("verbatim", f)).toList(),
                null);
    }

    /** The failures in a language. */
    public List<String> failures(Locale locale) {
        return failureDetails.stream().map(m -> m.render(locale)).toList();
    }

    /** The reason in a language: as observed when there is no code for it. */
    public String reason(Locale locale) {
        if (reason != null) {
            return reason.render(locale);
        }
        Object r = actual.get("reason");
        return r == null ? null : String.valueOf(r);
    }

    /** The same result under another file name. */
    public CaseResult inFile(String otherFile) {
        return new CaseResult(otherFile, name, passed, expected, actual, failures, failureDetails, reason);
    }
}
