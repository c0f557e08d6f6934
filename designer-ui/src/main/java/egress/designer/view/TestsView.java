package egress.designer.view;

import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.TestRow;
import egress.designer.viewmodel.TestsViewModel;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Runs the workspace's EgressTest files and shows PASS/FAIL, the case and what differed. */
final class TestsView extends VBox {
    TestsView(Messages m, TestsViewModel vm, Runnable run) {
        setSpacing(6);
        Label summary = new Label();
        summary.setId("testsSummary");
        summary.textProperty().bind(m.get(vm.summaryProperty()));
        TableView<TestRow> table = new TableView<>(vm.rows());
        table.setId("testsTable");
        TableColumn<TestRow, String> status = column(m, "tests.status", TestRow::status, 60);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setStyle(
                        empty || s == null
                                ? ""
                                : "PASS".equals(s)
                                        ? "-fx-text-fill: #2e7d32; -fx-font-weight: bold;"
                                        : "-fx-text-fill: #b71c1c; -fx-font-weight: bold;");
            }
        });
        table.getColumns().add(status);
        table.getColumns().add(column(m, "tests.file", TestRow::file, 200));
        table.getColumns().add(column(m, "tests.name", TestRow::name, 420));
        table.getColumns().add(column(m, "tests.differed", TestRow::differed, 400));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(new HBox(8, Ui.button(m, "tests.run", run), summary), table);
    }

    private static TableColumn<TestRow, String> column(
            Messages m, String key, Function<TestRow, String> value, double width) {
        TableColumn<TestRow, String> c = new TableColumn<>();
        c.textProperty().bind(m.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }
}
