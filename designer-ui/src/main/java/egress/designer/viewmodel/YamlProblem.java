package egress.designer.viewmodel;

/** A diagnostic of the shown object, located on a line of its YAML pane. */
public record YamlProblem(int line, boolean error, String code, String text) {
    @Override
    public String toString() {
        return line + ": " + (error ? "error " : "warning ") + code + " " + text;
    }
}
