package egress.designer.viewmodel;

import egress.policy.match.RouteTester;
import egress.policy.vocab.FieldText;
import egress.policy.vocab.Templates;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The HTTPRouteGroup form: name, namespace and its matches (name, pathRegex, methods, headers), with a "try a
 * path" box that shows what the selected match's regex does under each engine.
 */
public final class RouteGroupFormViewModel {
    private static final List<String> SPEC = List.of("matches");
    private static final List<String> MATCH = List.of("name", "pathRegex", "methods", "headers");

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty namespace = new SimpleStringProperty("");
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final ObservableList<String> matchNames = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final StringProperty matchName = new SimpleStringProperty("");
    private final StringProperty pathRegex = new SimpleStringProperty("");
    private final StringProperty methods = new SimpleStringProperty("");
    private final StringProperty headers = new SimpleStringProperty("");
    private final StringProperty tryPath = new SimpleStringProperty("/get");
    private final ObjectBinding<RouteTester.Result> pathTry;
    private final Consumer<String> changed;
    private boolean loading;

    RouteGroupFormViewModel(Consumer<String> changed) {
        this.changed = changed;
        name.addListener((o, a, b) -> fire("name"));
        namespace.addListener((o, a, b) -> fire("namespace"));
        matchName.addListener((o, a, b) -> editRow("name", b, "matchName"));
        pathRegex.addListener((o, a, b) -> editRow("pathRegex", b, "pathRegex"));
        methods.addListener((o, a, b) -> editRow("methods", FieldText.METHODS.value(b), "methods"));
        headers.addListener((o, a, b) -> editRow("headers", FieldText.HEADERS.value(b), "headers"));
        selected.addListener((o, a, b) -> showRow());
        pathTry = Bindings.createObjectBinding(
                () -> RouteTester.test(pathRegex.get(), tryPath.get()), pathRegex, tryPath);
    }

    private void fire(String field) {
        if (!loading) {
            changed.accept(field);
        }
    }

    private void editRow(String key, Object value, String field) {
        int i = selected.get();
        if (loading || i < 0 || i >= rows.size()) {
            return;
        }
        ContentFields.put(rows.get(i), key, value, MATCH);
        if (key.equals("name")) {
            matchNames.set(i, String.valueOf(value));
        }
        fire(field);
    }

    void load(Map<String, Object> content) {
        loading = true;
        try {
            name.set(nz(Tree.string(content, "metadata.name")));
            namespace.set(nz(Tree.string(content, "metadata.namespace")));
            rows.clear();
            List<String> names = new ArrayList<>();
            List<?> ms = Tree.list(content, "spec.matches");
            for (Object o : ms == null ? List.of() : ms) {
                if (o instanceof Map<?, ?>) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = (Map<String, Object>) Tree.thaw(o);
                    rows.add(row);
                    names.add(nz(Tree.string(row, "name")));
                }
            }
            matchNames.setAll(names);
            int keep = selected.get();
            selected.set(rows.isEmpty() ? -1 : Math.max(0, Math.min(keep, rows.size() - 1)));
        } finally {
            loading = false;
        }
        showRow();
    }

    private void showRow() {
        boolean was = loading;
        loading = true;
        try {
            int i = selected.get();
            Map<String, Object> row = i >= 0 && i < rows.size() ? rows.get(i) : Map.of();
            matchName.set(nz(Tree.string(row, "name")));
            pathRegex.set(nz(Tree.string(row, "pathRegex")));
            methods.set(FieldText.METHODS.text(row.get("methods")));
            headers.set(FieldText.HEADERS.text(row.get("headers")));
        } finally {
            loading = was;
        }
    }

    Map<String, Object> applyTo(Map<String, Object> original) {
        Map<String, Object> c = Tree.thaw(original);
        Map<String, Object> meta = ContentFields.child(c, "metadata", EgressFormViewModel.TOP);
        ContentFields.put(meta, "name", name.get().trim(), EgressFormViewModel.METADATA);
        ContentFields.put(meta, "namespace", namespace.get().trim(), EgressFormViewModel.METADATA);
        Map<String, Object> spec = ContentFields.child(c, "spec", EgressFormViewModel.TOP);
        List<Object> ms = new ArrayList<>();
        rows.forEach(r -> ms.add(Tree.thaw(r)));
        ContentFields.put(spec, "matches", ms, SPEC);
        return c;
    }

    /** Adds a match (the template's {@code match-N}) and selects it. */
    public void addMatch() {
        Map<String, Object> row = Templates.routeMatch(rows.size() + 1);
        String n = String.valueOf(row.get("name"));
        rows.add(row);
        matchNames.add(n);
        selected.set(rows.size() - 1);
        fire("matches");
    }

    public void removeSelectedMatch() {
        int i = selected.get();
        if (i >= 0 && i < rows.size()) {
            rows.remove(i);
            matchNames.remove(i);
            selected.set(Math.min(i, rows.size() - 1));
            showRow();
            fire("matches");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty namespaceProperty() {
        return namespace;
    }

    public ObservableList<String> matchNames() {
        return matchNames;
    }

    public IntegerProperty selectedMatchProperty() {
        return selected;
    }

    public StringProperty matchNameProperty() {
        return matchName;
    }

    public StringProperty pathRegexProperty() {
        return pathRegex;
    }

    public StringProperty methodsProperty() {
        return methods;
    }

    public StringProperty headersProperty() {
        return headers;
    }

    public StringProperty tryPathProperty() {
        return tryPath;
    }

    /** What the selected match's regex does with the path tried, under osm and under pipy. */
    public ObjectBinding<RouteTester.Result> pathTryProperty() {
        return pathTry;
    }
}
