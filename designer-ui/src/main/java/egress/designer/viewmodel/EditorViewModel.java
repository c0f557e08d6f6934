package egress.designer.viewmodel;

import egress.designer.workspace.Doc;
import egress.designer.workspace.Edits;
import egress.designer.workspace.UndoStack;
import egress.policy.validate.Diagnostic;
import egress.policy.vocab.FieldOrder;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * Edits one object through its form and its YAML, kept in step both ways: a form edit rewrites the YAML, typed
 * YAML refills the form, and YAML that does not parse shows its error while the form keeps the last good state.
 */
public final class EditorViewModel {
    private final UndoStack undo;
    private final Consumer<Doc> edited;
    private final ObjectProperty<Doc> doc = new SimpleObjectProperty<>();
    private final StringProperty yaml = new SimpleStringProperty("");
    private final ObjectProperty<UiText> yamlError = new SimpleObjectProperty<>();
    private final ObservableMap<String, String> fieldErrors = FXCollections.observableHashMap();
    private final ObservableList<YamlProblem> yamlProblems = FXCollections.observableArrayList();
    private final StringProperty highlightedField = new SimpleStringProperty("");
    private final EgressFormViewModel egress = new EgressFormViewModel(this::formChanged);
    private final RouteGroupFormViewModel routes = new RouteGroupFormViewModel(this::formChanged);
    private final BooleanBinding showsEgress;
    private final BooleanBinding showsRouteGroup;
    private boolean syncing;

    /** {@code edited} hears every change this editor makes, so the workspace can validate and redraw. */
    EditorViewModel(UndoStack undo, Consumer<Doc> edited) {
        this.undo = undo;
        this.edited = edited;
        yaml.addListener((o, was, now) -> yamlTyped(now));
        showsEgress = Bindings.createBooleanBinding(
                () -> doc.get() != null && doc.get().isEgress(), doc);
        showsRouteGroup = Bindings.createBooleanBinding(
                () -> doc.get() != null && doc.get().isRouteGroup(), doc);
    }

    /** Shows an object (or nothing) in the forms and the YAML pane. */
    void show(Doc d) {
        highlightedField.set("");
        doc.set(d);
        refresh();
    }

    /** Shows the object again after it changed elsewhere (undo, redo, reload). */
    void refresh() {
        Doc d = doc.get();
        syncing = true;
        try {
            yamlError.set(null);
            if (d == null) {
                yaml.set("");
                return;
            }
            yaml.set(d.yaml());
            if (d.isEgress()) {
                egress.load(d.content());
            } else if (d.isRouteGroup()) {
                routes.load(d.content());
            }
        } finally {
            syncing = false;
        }
    }

    private void formChanged(String field) {
        Doc d = doc.get();
        if (d == null || syncing) {
            return;
        }
        Map<String, Object> now = d.isEgress() ? egress.applyTo(d.content()) : routes.applyTo(d.content());
        if (now.equals(d.content())) {
            return;
        }
        undo.push(Edits.content(
                d, field, d.content(), d.yaml(), now, FieldOrder.write(now).text()));
        syncing = true;
        try {
            yaml.set(d.yaml());
            yamlError.set(null);
        } finally {
            syncing = false;
        }
        edited.accept(d);
    }

    private void yamlTyped(String text) {
        Doc d = doc.get();
        if (d == null || syncing) {
            return;
        }
        List<Manifest> read;
        try {
            read = ManifestReader.read(d.file().label(), text);
        } catch (ManifestException e) {
            yamlError.set(UiText.of("yaml.invalid", e.position().line(), e.detail()));
            return;
        }
        if (read.size() != 1) {
            yamlError.set(UiText.of("yaml.oneObject", read.size()));
            return;
        }
        yamlError.set(null);
        if (read.get(0).content().equals(d.content())) {
            return;
        }
        undo.push(Edits.content(d, "yaml", d.content(), d.yaml(), read.get(0).content(), text));
        syncing = true;
        try {
            if (d.isEgress()) {
                egress.load(d.content());
            } else if (d.isRouteGroup()) {
                routes.load(d.content());
            }
        } finally {
            syncing = false;
        }
        edited.accept(d);
    }

    /** Puts the diagnostics of the shown object on its form fields and its YAML lines. */
    void showDiagnostics(List<Diagnostic> all, java.util.Locale locale) {
        Doc d = doc.get();
        Map<String, String> fields = new LinkedHashMap<>();
        List<YamlProblem> problems = new ArrayList<>();
        if (d != null) {
            String label = d.file().label();
            String object = d.describe();
            for (Diagnostic x : all) {
                if (x.source().equals(label) && x.object().equals(object)) {
                    String text = (x.path().isEmpty() ? "" : x.path() + ": ") + x.message(locale);
                    fields.merge(field(x.path()), x.code() + " " + text, (a, b) -> a + "\n" + b);
                    problems.add(new YamlProblem(x.position().line(), x.isError(), x.code(), text));
                }
            }
        }
        fieldErrors.clear();
        fieldErrors.putAll(fields);
        yamlProblems.setAll(problems);
    }

    /** The form field a diagnostic's path belongs to. */
    static String field(String path) {
        String[][] map = {
            {"metadata.name", "name"},
            {"metadata.namespace", "namespace"},
            {"spec.sources", "sources"},
            {"spec.hosts", "hosts"},
            {"spec.ipAddresses", "ipAddresses"},
            {"spec.ports", "ports"},
            {"spec.matches", "matches"}
        };
        for (String[] m : map) {
            if (path.startsWith(m[0])) {
                return m[1];
            }
        }
        return "object";
    }

    public ObjectProperty<Doc> docProperty() {
        return doc;
    }

    public StringProperty yamlProperty() {
        return yaml;
    }

    public ObjectProperty<UiText> yamlErrorProperty() {
        return yamlError;
    }

    public ObservableMap<String, String> fieldErrors() {
        return fieldErrors;
    }

    public ObservableList<YamlProblem> yamlProblems() {
        return yamlProblems;
    }

    /** The form field of the rule that decided the last simulation ({@code ports}), or empty. */
    public StringProperty highlightedFieldProperty() {
        return highlightedField;
    }

    public EgressFormViewModel egress() {
        return egress;
    }

    public RouteGroupFormViewModel routeGroup() {
        return routes;
    }

    public BooleanBinding showsEgressProperty() {
        return showsEgress;
    }

    public BooleanBinding showsRouteGroupProperty() {
        return showsRouteGroup;
    }
}
