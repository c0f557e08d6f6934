package egress.designer.view;

import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.designer.workspace.Doc;
import egress.policy.validate.Diagnostic;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The policies of the workspace; the one that decided the last simulation is marked, ones with errors are red, ones
 * proposed from traffic and not saved yet are marked new.
 */
final class PolicyListView extends VBox {
    PolicyListView(Messages m, WorkspaceViewModel vm) {
        setSpacing(4);
        ListView<Doc> list = new ListView<>(vm.policies());
        list.setId("policyList");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Doc d, boolean empty) {
                super.updateItem(d, empty);
                if (empty || d == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                boolean proposed = vm.proposed().contains(d);
                setText((d.isEgress() ? "\u2192 " : "\u2261 ")
                        + d.describe()
                        + (d.file().dirty() ? " *" : "")
                        + (proposed ? "  [" + m.text("list.new") + "]" : ""));
                boolean error = vm.diagnostics().stream()
                        .anyMatch(x -> x.isError()
                                && x.object().equals(d.describe())
                                && x.source().equals(d.file().label()));
                String style = error ? "-fx-text-fill: #b71c1c;" : proposed ? "-fx-text-fill: #1b5e20;" : "";
                if (d == vm.decidedProperty().get()) {
                    style += "-fx-background-color: #fff59d; -fx-font-weight: bold;";
                }
                setStyle(style);
            }
        });
        vm.selectedProperty().addListener((o, a, d) -> {
            if (list.getSelectionModel().getSelectedItem() != d) {
                list.getSelectionModel().select(d);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, d) -> {
            if (d != null && vm.selectedProperty().get() != d) {
                vm.selectedProperty().set(d);
            }
        });
        vm.decidedProperty().addListener((o, a, b) -> list.refresh());
        vm.proposed().addListener((SetChangeListener<Doc>) c -> list.refresh());
        m.localeProperty().addListener((o, a, b) -> list.refresh());
        vm.diagnostics().addListener((ListChangeListener<Diagnostic>) c -> list.refresh());
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(Ui.label(m, "list.title"), list);
        setPrefWidth(300);
    }
}
