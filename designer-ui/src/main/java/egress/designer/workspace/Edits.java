package egress.designer.workspace;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The edits the designer makes to a workspace. */
public final class Edits {
    private Edits() {}

    /** A content change of one object (a form field or the YAML pane); {@code field} merges keystrokes. */
    public static Edit content(
            Doc doc,
            String field,
            Map<String, Object> oldContent,
            String oldYaml,
            Map<String, Object> newContent,
            String newYaml) {
        return new ContentEdit(doc, field, oldContent, oldYaml, newContent, newYaml);
    }

    /** A new object at the end of a file. */
    public static Edit insert(Doc doc) {
        return new InsertEdit(doc, doc.file().docs().size());
    }

    /** An object removed from its file. */
    public static Edit remove(Doc doc) {
        return new RemoveEdit(doc, doc.file().docs().indexOf(doc));
    }

    /** Several edits as one step: done in order, undone in reverse; {@link Edit#doc()} is the last one's. */
    public static Edit all(List<Edit> edits) {
        return new AllEdit(List.copyOf(edits));
    }

    private record AllEdit(List<Edit> edits) implements Edit {
        @Override
        public void undo() {
            for (int i = edits.size() - 1; i >= 0; i--) {
                edits.get(i).undo();
            }
        }

        @Override
        public void redo() {
            edits.forEach(Edit::redo);
        }

        @Override
        public Doc doc() {
            return edits.isEmpty() ? null : edits.get(edits.size() - 1).doc();
        }
    }

    private static final class ContentEdit implements Edit {
        private final Doc doc;
        private final String field;
        private final Map<String, Object> oldContent;
        private final String oldYaml;
        private Map<String, Object> newContent;
        private String newYaml;

        ContentEdit(
                Doc doc,
                String field,
                Map<String, Object> oldContent,
                String oldYaml,
                Map<String, Object> newContent,
                String newYaml) {
            this.doc = doc;
            this.field = field;
            this.oldContent = oldContent;
            this.oldYaml = oldYaml;
            this.newContent = newContent;
            this.newYaml = newYaml;
        }

        @Override
        public void undo() {
            doc.restore(oldContent, oldYaml);
        }

        @Override
        public void redo() {
            doc.restore(newContent, newYaml);
        }

        @Override
        public Doc doc() {
            return doc;
        }

        @Override
        public boolean absorb(Edit next) {
            if (next instanceof ContentEdit c && c.doc == doc && field != null && Objects.equals(field, c.field)) {
                newContent = c.newContent;
                newYaml = c.newYaml;
                return true;
            }
            return false;
        }
    }

    private record InsertEdit(Doc doc, int index) implements Edit {
        @Override
        public void undo() {
            doc.file().remove(doc);
        }

        @Override
        public void redo() {
            doc.file().insert(index, doc);
        }
    }

    private record RemoveEdit(Doc doc, int index) implements Edit {
        @Override
        public void undo() {
            doc.file().insert(index, doc);
        }

        @Override
        public void redo() {
            doc.file().remove(doc);
        }
    }
}
