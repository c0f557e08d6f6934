package egress.designer.view;

import egress.designer.viewmodel.DeployViewModel;
import egress.designer.viewmodel.Deployer;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import egress.simulator.traffic.TrafficChanges;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Deploying to a cluster: the target, what would change object by object with the changed fields and, beside it,
 * what that does to the loaded traffic, the validation errors that stop a deploy, the progress bar while applying,
 * each step and the result.
 */
final class DeployView extends VBox {
    DeployView(Messages m, DeployViewModel vm) {
        setId("deployView");
        setSpacing(6);
        setPadding(new Insets(6));
        ChoiceBox<String> target = new ChoiceBox<>(vm.targets());
        target.setId("deployTarget");
        target.valueProperty().bindBidirectional(vm.targetProperty());
        target.disableProperty()
                .bind(vm.busyProperty().or(vm.availableProperty().not()));
        Button plan = Ui.button(m, "deploy.plan", vm::plan);
        plan.setId("deployPlan");
        plan.disableProperty().bind(target.disableProperty());
        Button apply = Ui.button(m, "deploy.apply", vm::apply);
        apply.setId("deployApply");
        apply.disableProperty().bind(vm.canApplyProperty().not());
        Label summary = new Label();
        summary.setId("deploySummary");
        summary.getStyleClass().add("value");
        summary.textProperty().bind(m.get(vm.summaryProperty()));
        vm.resultProperty()
                .addListener((o, was, now) -> summary.setStyle(
                        now == null
                                ? ""
                                : now.outcome() == Deployer.Outcome.APPLIED
                                        ? "-fx-text-fill: #2e7d32;"
                                        : "-fx-text-fill: #b71c1c;"));
        HBox top = new HBox(6, Ui.label(m, "deploy.target"), target, plan, apply, summary);
        top.setAlignment(Pos.CENTER_LEFT);

        Label unavailable = Ui.label(m, "deploy.unavailable");
        shownWhen(unavailable, vm.availableProperty().not());
        Label flag = Ui.label(m, "deploy.flagOff");
        flag.setId("deployFlag");
        flag.setWrapText(true);
        flag.getStyleClass().add("field-error");
        shownWhen(
                flag,
                Bindings.createBooleanBinding(
                        () -> vm.planProperty().get() != null
                                && vm.resultProperty().get() == null
                                && Boolean.FALSE.equals(vm.planProperty().get().egressPolicyEnabled()),
                        vm.planProperty(),
                        vm.resultProperty()));

        TableView<Deployer.Change> changes = new TableView<>(vm.changes());
        changes.setId("deployChanges");
        changes.placeholderProperty()
                .bind(Bindings.createObjectBinding(() -> new Label(m.text("deploy.noChanges")), m.localeProperty()));
        TableColumn<Deployer.Change, String> action = column(
                m,
                "deploy.col.action",
                c -> m.text("deploy.action." + c.action().name().toLowerCase(Locale.ROOT)),
                110);
        action.setCellFactory(c -> new ActionCell());
        changes.getColumns().add(action);
        changes.getColumns().add(column(m, "deploy.col.object", Deployer.Change::object, 330));
        changes.getColumns()
                .add(column(
                        m,
                        "deploy.col.fields",
                        c -> c.action() == Deployer.Action.UPDATE ? String.join(", ", c.changedFields()) : "",
                        560));
        changes.setPrefHeight(220);
        changes.setMinHeight(110);
        VBox.setVgrow(changes, Priority.ALWAYS);

        ListView<String> errors = lines("deployErrors", vm.errors(), "-fx-text-fill: #b71c1c;");
        Label errorsTitle = Ui.label(m, "deploy.errors");
        shownWhen(errors, Bindings.isNotEmpty(vm.errors()));
        shownWhen(errorsTitle, Bindings.isNotEmpty(vm.errors()));
        ListView<String> skipped = lines("deploySkipped", vm.skipped(), "-fx-text-fill: #616161;");
        skipped.setPrefHeight(70);
        Label skippedTitle = Ui.label(m, "deploy.skipped");
        shownWhen(skipped, Bindings.isNotEmpty(vm.skipped()));
        shownWhen(skippedTitle, Bindings.isNotEmpty(vm.skipped()));

        ProgressBar bar = new ProgressBar();
        bar.setId("deployProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label step = new Label();
        step.setId("deployStep");
        step.setMinWidth(360);
        step.textProperty().bind(m.get(vm.stepProperty()));
        HBox progress = new HBox(8, Ui.label(m, "deploy.progress"), bar, step);
        progress.setAlignment(Pos.CENTER_LEFT);

        ListView<UiText> log = new ListView<>(vm.log());
        log.setId("deployLog");
        log.setPrefHeight(90);
        log.setMinHeight(70);
        log.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(UiText t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : m.text(t));
            }
        });
        m.localeProperty().addListener((o, was, now) -> {
            log.refresh();
            changes.refresh();
        });
        SplitPane beside = new SplitPane(new VBox(4, Ui.label(m, "deploy.changes"), changes), impact(m, vm));
        beside.setDividerPositions(0.55);
        VBox.setVgrow(beside, Priority.ALWAYS);
        getChildren()
                .addAll(
                        top,
                        unavailable,
                        flag,
                        beside,
                        errorsTitle,
                        errors,
                        skippedTitle,
                        skipped,
                        progress,
                        Ui.label(m, "deploy.log"),
                        log);
    }

    /** Beside the diff: what the deploy does to the loaded traffic, one line per kind, then the groups. */
    private static VBox impact(Messages m, DeployViewModel vm) {
        Label status = new Label();
        status.setId("deployImpactStatus");
        status.setWrapText(true);
        status.textProperty().bind(m.get(vm.impactStatusProperty()));
        shownWhen(status, vm.impactStatusProperty().isNotNull());
        Label lines = Ui.messages(m, vm.impact(), "deployImpact");
        ListView<String> groups = new ListView<>();
        groups.setId("deployImpactGroups");
        Runnable show = () -> {
            Locale l = m.localeProperty().get();
            TrafficChanges c = vm.impactChangesProperty().get();
            groups.getItems()
                    .setAll(
                            c == null
                                    ? List.of()
                                    : c.groups().stream()
                                            .map(g -> String.format(
                                                    l,
                                                    "%,d  %s  %s \u2192 %s  (%s)%s",
                                                    g.requests(),
                                                    m.text("traffic.change."
                                                            + g.kind().name()),
                                                    g.from(),
                                                    g.host(),
                                                    g.policy(),
                                                    g.examples().isEmpty()
                                                            ? ""
                                                            : "\n      "
                                                                    + c.current()
                                                                            .commandLine(g.examples()
                                                                                    .get(0))))
                                            .toList());
        };
        vm.impactChangesProperty().addListener((o, was, now) -> show.run());
        m.localeProperty().addListener((o, was, now) -> show.run());
        VBox.setVgrow(groups, Priority.ALWAYS);
        VBox box = new VBox(4, Ui.label(m, "deploy.impact"), status, lines, groups);
        box.setId("deployImpactPane");
        return box;
    }

    private static void shownWhen(Node node, BooleanBinding condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    private static ListView<String> lines(String id, ObservableList<String> items, String style) {
        ListView<String> list = new ListView<>(items);
        list.setId(id);
        list.setPrefHeight(90);
        list.setMinHeight(50);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setStyle(empty ? "" : style);
            }
        });
        return list;
    }

    private static TableColumn<Deployer.Change, String> column(
            Messages m, String key, Function<Deployer.Change, String> value, double width) {
        TableColumn<Deployer.Change, String> c = new TableColumn<>();
        c.textProperty().bind(m.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    /** The action, coloured: create green, update amber, delete red. */
    private static final class ActionCell extends TableCell<Deployer.Change, String> {
        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            Deployer.Change c =
                    empty ? null : getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : s);
            setStyle(
                    c == null
                            ? ""
                            : switch (c.action()) {
                                case CREATE -> "-fx-text-fill: #2e7d32; -fx-font-weight: bold;";
                                case UPDATE -> "-fx-text-fill: #8d6e00; -fx-font-weight: bold;";
                                case DELETE -> "-fx-text-fill: #b71c1c; -fx-font-weight: bold;";
                                case UNCHANGED -> "-fx-text-fill: #757575;";
                            });
        }
    }
}
