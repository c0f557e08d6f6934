package egress.simulator.testfile;

import egress.policy.yaml.Position;

/** A test file that cannot be run: unreadable, or a field of the wrong form. Names file, line and field. */
public final class TestFileException extends Exception {
    public TestFileException(String file, Position at, String field, String message) {
        super(file + ":" + at + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message);
    }
}
