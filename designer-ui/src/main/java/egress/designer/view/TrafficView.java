package egress.designer.view;

import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.TrafficRow;
import egress.designer.viewmodel.TrafficViewModel;
import egress.simulator.traffic.ChangeKind;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Recorded traffic against the workspace as edited: load files or follow an enforcer, the impact of the edits
 * since the last save or deploy, and one row per distinct request with its verdict, deciding rule and change.
 */
final class TrafficView extends VBox {
    TrafficView(Messages m, TrafficViewModel vm) {
        setId("trafficView");
        setSpacing(6);
        setPadding(new Insets(6));
        Button load = Ui.button(m, "traffic.load", vm::load);
        load.setId("trafficLoad");
        load.disableProperty().bind(vm.busyProperty());
        TextField from = new TextField();
        from.setId("trafficFrom");
        from.setPrefColumnCount(12);
        from.promptTextProperty().bind(m.get("egress.sourcePrompt"));
        from.textProperty().bindBidirectional(vm.fromProperty());
        from.setTooltip(new Tooltip());
        from.getTooltip().textProperty().bind(m.get("traffic.envoyFrom"));
        TextField url = new TextField();
        url.setId("trafficUrl");
        url.setPrefColumnCount(18);
        url.textProperty().bindBidirectional(vm.urlProperty());
        Button follow = new Button();
        follow.setId("trafficFollow");
        follow.textProperty()
                .bind(Bindings.when(vm.followingProperty())
                        .then(m.get("traffic.stop"))
                        .otherwise(m.get("traffic.follow")));
        follow.setOnAction(e -> {
            if (vm.followingProperty().get()) {
                vm.stopFollowing();
            } else {
                vm.follow();
            }
        });
        Button propose = Ui.button(m, "traffic.propose", vm::proposeFromTraffic);
        propose.setId("trafficPropose");
        propose.disableProperty().bind(vm.busyProperty().or(Bindings.isEmpty(vm.rows())));
        for (Button b : List.of(load, follow, propose)) {
            b.setMinWidth(Region.USE_PREF_SIZE); // the fields give way, never a button's label
        }
        HBox top = new HBox(
                6, load, Ui.label(m, "traffic.envoyFromLabel"), from, Ui.label(m, "traffic.url"), url, follow, propose);
        top.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("trafficSummary");
        summary.textProperty().bind(m.get(vm.summaryProperty()));
        Label status = new Label();
        status.setId("trafficStatus");
        status.textProperty().bind(m.get(vm.statusProperty()));
        Label impact = Ui.messages(m, vm.impact(), "trafficImpact");

        TableView<TrafficRow> table = new TableView<>(vm.rows());
        table.setId("trafficTable");
        table.placeholderProperty()
                .bind(Bindings.createObjectBinding(() -> new Label(m.text("traffic.none")), m.localeProperty()));
        TableColumn<TrafficRow, String> change = column(
                m,
                "traffic.col.change",
                r -> r.change() == null
                        ? ""
                        : m.text("traffic.change." + r.change().name()),
                170);
        change.setCellFactory(c -> new ChangeCell());
        table.getColumns().add(change);
        table.getColumns().add(column(m, "traffic.col.request", TrafficRow::request, 420));
        table.getColumns().add(column(m, "traffic.col.from", TrafficRow::from, 120));
        TableColumn<TrafficRow, Long> count = new TableColumn<>();
        count.textProperty().bind(m.get("traffic.col.count"));
        count.setPrefWidth(70);
        count.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().count()));
        table.getColumns().add(count);
        table.getColumns().add(column(m, "traffic.col.verdict", r -> r.verdict().id(), 110));
        table.getColumns().add(column(m, "traffic.col.rule", TrafficRow::rule, 330));
        table.getColumns()
                .add(column(
                        m,
                        "traffic.col.reason",
                        r -> r.reason().render(m.localeProperty().get()),
                        420));
        m.localeProperty().addListener((o, was, now) -> table.refresh());
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(top, new HBox(12, summary, status), impact, table);
    }

    private static TableColumn<TrafficRow, String> column(
            Messages m, String key, Function<TrafficRow, String> value, double width) {
        TableColumn<TrafficRow, String> c = new TableColumn<>();
        c.textProperty().bind(m.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    /** The change, coloured: newly refused red, newly allowed green, others amber. */
    private static final class ChangeCell extends TableCell<TrafficRow, String> {
        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            TrafficRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : s);
            ChangeKind k = r == null ? null : r.change();
            setStyle(
                    k == null
                            ? ""
                            : switch (k) {
                                case NEWLY_REFUSED -> "-fx-text-fill: #b71c1c; -fx-font-weight: bold;";
                                case NEWLY_ALLOWED -> "-fx-text-fill: #2e7d32; -fx-font-weight: bold;";
                                case OTHER_VERDICT, CHANGED_POLICY -> "-fx-text-fill: #8d6e00; -fx-font-weight: bold;";
                            });
        }
    }
}
