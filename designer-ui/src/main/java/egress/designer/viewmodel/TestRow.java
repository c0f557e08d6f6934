package egress.designer.viewmodel;

/** One line of the test results table: PASS or FAIL, the case, and what differed. */
public record TestRow(boolean passed, String file, String name, String differed) {
    public String status() {
        return passed ? "PASS" : "FAIL";
    }
}
