package egress.policy.yaml;

/** A place in a source file; line and column count from 1, as editors and compilers print them. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
