package egress.simulator.testfile;

import java.util.List;

/**
 * What running one test file gave: the results of its cases, or why it could not be read (then no case ran).
 *
 * @param results every case of every EgressTest document in the file, in order; empty when {@code error} is set
 * @param error   null, or the file's first error (file, line, column and field)
 */
public record TestRun(List<CaseResult> results, TestFileException error) {
    public TestRun {
        results = List.copyOf(results);
    }

    /** The results, or the error thrown. */
    public List<CaseResult> resultsOrThrow() throws TestFileException {
        if (error != null) {
            throw error;
        }
        return results;
    }
}
