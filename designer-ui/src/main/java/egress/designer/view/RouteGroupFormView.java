package egress.designer.view;

import egress.designer.viewmodel.EditorViewModel;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.RouteGroupFormViewModel;
import egress.policy.match.RouteTester;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The HTTPRouteGroup form with the "try a path" box; bound to {@link RouteGroupFormViewModel}. */
final class RouteGroupFormView extends VBox {
    RouteGroupFormView(Messages m, EditorViewModel editor) {
        RouteGroupFormViewModel vm = editor.routeGroup();
        setSpacing(4);
        TextField name = new TextField();
        name.setId("routeName");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextField namespace = new TextField();
        namespace.setId("routeNamespace");
        namespace.textProperty().bindBidirectional(vm.namespaceProperty());

        ListView<String> matches = new ListView<>(vm.matchNames());
        matches.setId("routeMatches");
        matches.setPrefHeight(72);
        vm.selectedMatchProperty()
                .addListener((o, a, b) -> matches.getSelectionModel().select(b.intValue()));
        matches.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) {
                vm.selectedMatchProperty().set(b.intValue());
            }
        });
        HBox matchButtons = new HBox(
                4, Ui.button(m, "common.add", vm::addMatch), Ui.button(m, "common.remove", vm::removeSelectedMatch));

        TextField matchName = text("routeMatchName");
        matchName.textProperty().bindBidirectional(vm.matchNameProperty());
        TextField regex = text("routePathRegex");
        regex.textProperty().bindBidirectional(vm.pathRegexProperty());
        TextField methods = text("routeMethods");
        methods.textProperty().bindBidirectional(vm.methodsProperty());
        TextArea headers = new TextArea();
        headers.setId("routeHeaders");
        headers.setPrefRowCount(2);
        headers.textProperty().bindBidirectional(vm.headersProperty());

        TextField tryPath = text("routeTryPath");
        tryPath.textProperty().bindBidirectional(vm.tryPathProperty());
        Label osm = result(m, vm, true);
        osm.setId("routeTryOsm");
        Label pipy = result(m, vm, false);
        pipy.setId("routeTryPipy");
        VBox tryBox = new VBox(2, Ui.label(m, "route.tryPath"), tryPath, osm, pipy);
        tryBox.getStyleClass().add("try-box");

        getChildren()
                .addAll(
                        EgressFormView.field(m, editor, "egress.name", "name", name),
                        EgressFormView.field(m, editor, "egress.namespace", "namespace", namespace),
                        EgressFormView.field(m, editor, "route.matches", "matches", new VBox(4, matches, matchButtons)),
                        Ui.label(m, "route.matchName"),
                        matchName,
                        Ui.label(m, "route.pathRegex"),
                        regex,
                        Ui.label(m, "route.methods"),
                        methods,
                        Ui.label(m, "route.headers"),
                        headers,
                        tryBox);
    }

    private static TextField text(String id) {
        TextField t = new TextField();
        t.setId(id);
        return t;
    }

    /** "osm (RE2, whole path): matches" and the same for pipy (anywhere in path and query). */
    private static Label result(Messages m, RouteGroupFormViewModel vm, boolean osm) {
        Label l = new Label();
        l.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            RouteTester.Result t = vm.pathTryProperty().get();
                            String engine = m.text(osm ? "route.tryOsm" : "route.tryPipy");
                            if (t.error() != null) {
                                return engine + ": " + m.text("route.tryError", t.error());
                            }
                            boolean hit = osm ? t.osm() : t.pipy();
                            return engine + ": " + m.text(hit ? "route.tryMatch" : "route.tryNoMatch");
                        },
                        vm.pathTryProperty(),
                        m.localeProperty()));
        l.styleProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            RouteTester.Result t = vm.pathTryProperty().get();
                            Boolean hit = osm ? t.osm() : t.pipy();
                            return "-fx-text-fill: " + (hit == null ? "#b71c1c" : hit ? "#2e7d32" : "#6d4c41") + ";";
                        },
                        vm.pathTryProperty()));
        return l;
    }
}
