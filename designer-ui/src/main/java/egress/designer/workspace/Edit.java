package egress.designer.workspace;

/** One undoable change. {@link #absorb} lets consecutive keystrokes in one field become one step. */
public interface Edit {
    void undo();

    void redo();

    /** The object the edit changed, so views can show it; null for none. */
    Doc doc();

    /** Whether {@code next} was merged into this edit (then it is not pushed on its own). */
    default boolean absorb(Edit next) {
        return false;
    }
}
