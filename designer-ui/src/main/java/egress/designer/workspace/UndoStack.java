package egress.designer.workspace;

import java.util.ArrayDeque;
import java.util.Deque;

/** The command stack: {@link #push} runs an edit, undo and redo walk the history. */
public final class UndoStack {
    private final Deque<Edit> done = new ArrayDeque<>();
    private final Deque<Edit> undone = new ArrayDeque<>();
    private boolean sealed;

    /** Runs the edit and records it; a keystroke in the same field as the last edit joins that step. */
    public void push(Edit e) {
        e.redo();
        undone.clear();
        Edit last = done.peek();
        if (!sealed && last != null && last.absorb(e)) {
            return;
        }
        sealed = false;
        done.push(e);
    }

    /** Ends the current step: the next edit starts a new one even in the same field. */
    public void seal() {
        sealed = true;
    }

    public boolean canUndo() {
        return !done.isEmpty();
    }

    public boolean canRedo() {
        return !undone.isEmpty();
    }

    /** Undoes the last step and returns it, or null when there is none. */
    public Edit undo() {
        Edit e = done.poll();
        if (e != null) {
            e.undo();
            undone.push(e);
            sealed = true;
        }
        return e;
    }

    public Edit redo() {
        Edit e = undone.poll();
        if (e != null) {
            e.redo();
            done.push(e);
            sealed = true;
        }
        return e;
    }

    public void clear() {
        done.clear();
        undone.clear();
    }
}
