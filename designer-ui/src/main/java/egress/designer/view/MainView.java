package egress.designer.view;

import egress.designer.viewmodel.DeployViewModel;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.policy.validate.Diagnostic;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The main window: menus, the policy list, the editor, simulation, graph, tests, deploy and traffic tabs, problems and status. */
public final class MainView extends BorderPane {
    private static final int DEPLOY_TAB = 4;
    private final TabPane tabs = new TabPane();

    public MainView(WorkspaceViewModel vm, DeployViewModel deploy, Runnable exit) {
        Messages m = vm.messages();
        setId("main");
        setTop(menus(vm, deploy, exit));
        setLeft(new PolicyListView(m, vm));

        EgressFormView egress = new EgressFormView(m, vm.editor());
        egress.visibleProperty().bind(vm.editor().showsEgressProperty());
        RouteGroupFormView routes = new RouteGroupFormView(m, vm.editor());
        routes.visibleProperty().bind(vm.editor().showsRouteGroupProperty());
        Label none = Ui.label(m, "editor.none");
        none.visibleProperty().bind(vm.editor().docProperty().isNull());
        ScrollPane form = new ScrollPane(new StackPane(none, egress, routes));
        form.setFitToWidth(true);
        SplitPane editor = new SplitPane(form, new YamlView(m, vm.editor()));
        editor.setDividerPositions(0.5);

        tabs.getTabs()
                .addAll(
                        tab(m, "tab.editor", "tabEditor", editor),
                        tab(m, "tab.simulation", "tabSimulation", new SimulationView(m, vm.simulation())),
                        tab(m, "tab.graph", "tabGraph", new ScrollPane(new GraphView(m, vm.graphProperty()))),
                        tab(m, "tab.tests", "tabTests", new TestsView(m, vm.tests(), vm::runTests)),
                        tab(m, "tab.deploy", "tabDeploy", new DeployView(m, deploy)),
                        tab(m, "tab.traffic", "tabTraffic", new TrafficView(m, vm.traffic())));
        setCenter(tabs);

        ListView<Diagnostic> problems = new ListView<>(vm.diagnostics());
        problems.setId("problems");
        problems.setPrefHeight(110);
        problems.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Diagnostic d, boolean empty) {
                super.updateItem(d, empty);
                setText(
                        empty || d == null
                                ? null
                                : d.object() + "  " + d.severity().label() + " " + d.code() + " "
                                        + (d.path().isEmpty() ? "" : d.path() + ": ")
                                        + d.message(m.localeProperty().get()));
                setStyle(empty || d == null ? "" : d.isError() ? "-fx-text-fill: #b71c1c;" : "-fx-text-fill: #8d6e00;");
            }
        });
        m.localeProperty().addListener((o, was, now) -> problems.refresh());
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(m.get(vm.statusProperty()));
        // the impact of the edits on the loaded traffic, seen from every tab while editing
        Label impact = Ui.messages(m, vm.traffic().impact(), "statusImpact");
        impact.managedProperty().bind(impact.textProperty().isNotEmpty());
        impact.visibleProperty().bind(impact.managedProperty());
        VBox bottom = new VBox(4, Ui.label(m, "problems.title"), problems, impact, status);
        bottom.setPadding(new Insets(4));
        setBottom(bottom);
    }

    public TabPane tabs() {
        return tabs;
    }

    private static Tab tab(Messages m, String key, String id, Node content) {
        Tab t = new Tab();
        t.setId(id);
        t.textProperty().bind(m.get(key));
        t.setClosable(false);
        t.setContent(content);
        return t;
    }

    private MenuBar menus(WorkspaceViewModel vm, DeployViewModel deploy, Runnable exit) {
        Messages m = vm.messages();
        Menu file = menu(
                m,
                "menu.file",
                Ui.item(m, "menu.newWorkspace", null, vm::newWorkspace),
                Ui.item(m, "menu.open", "Shortcut+O", vm::openFolder),
                Ui.item(m, "menu.save", "Shortcut+S", vm::save),
                Ui.item(m, "menu.reload", null, vm::reloadChanged),
                new SeparatorMenuItem(),
                Ui.item(m, "menu.exit", null, exit));
        MenuItem undo = Ui.item(m, "menu.undo", "Shortcut+Z", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        MenuItem redo = Ui.item(m, "menu.redo", "Shortcut+Y", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        Menu edit = menu(
                m,
                "menu.edit",
                undo,
                redo,
                new SeparatorMenuItem(),
                Ui.item(m, "menu.newEgress", "Shortcut+N", vm::newEgress),
                Ui.item(m, "menu.newRouteGroup", "Shortcut+Shift+N", vm::newRouteGroup),
                Ui.item(m, "menu.delete", null, vm::deleteSelected));
        MenuItem simulate = Ui.item(m, "menu.simulate", "Shortcut+Enter", () -> {
            tabs.getSelectionModel().select(1);
            vm.simulation().simulate();
        });
        MenuItem deployItem = Ui.item(m, "menu.deploy", "Shortcut+D", () -> {
            tabs.getSelectionModel().select(DEPLOY_TAB);
            deploy.plan();
        });
        deployItem.disableProperty().bind(deploy.availableProperty().not().or(deploy.busyProperty()));
        MenuItem applyItem = Ui.item(m, "menu.deployApply", "Shortcut+Shift+D", () -> {
            tabs.getSelectionModel().select(DEPLOY_TAB);
            deploy.apply();
        });
        applyItem.disableProperty().bind(deploy.canApplyProperty().not());
        Menu run = menu(
                m,
                "menu.run",
                simulate,
                Ui.item(m, "menu.runTests", null, vm::runTests),
                new SeparatorMenuItem(),
                deployItem,
                applyItem);
        Menu language = menu(m, "menu.language");
        ToggleGroup group = new ToggleGroup();
        for (Locale l : Messages.SUPPORTED) {
            RadioMenuItem item = new RadioMenuItem(l.getDisplayLanguage(l));
            item.setToggleGroup(group);
            item.setSelected(l.getLanguage().equals(m.localeProperty().get().getLanguage()));
            item.setOnAction(e -> m.localeProperty().set(l));
            language.getItems().add(item);
        }
        return new MenuBar(file, edit, run, language);
    }

    private static Menu menu(Messages m, String key, MenuItem... items) {
        Menu menu = new Menu();
        menu.textProperty().bind(m.get(key));
        menu.getItems().addAll(items);
        return menu;
    }
}
