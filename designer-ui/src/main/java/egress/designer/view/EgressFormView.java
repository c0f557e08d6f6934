package egress.designer.view;

import egress.designer.viewmodel.EditorViewModel;
import egress.designer.viewmodel.EgressFormViewModel;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.PortEntry;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Egress form; every control is bound to {@link EgressFormViewModel}. */
final class EgressFormView extends VBox {
    EgressFormView(Messages m, EditorViewModel editor) {
        EgressFormViewModel vm = editor.egress();
        setSpacing(4);
        getStyleClass().add("form");

        TextField name = new TextField();
        name.setId("egressName");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextField namespace = new TextField();
        namespace.setId("egressNamespace");
        namespace.textProperty().bindBidirectional(vm.namespaceProperty());

        ListView<String> sources = new ListView<>(vm.sources());
        sources.setId("egressSources");
        sources.setPrefHeight(64);
        ComboBox<String> pick = new ComboBox<>(vm.knownServiceAccounts());
        pick.setId("egressSourcePick");
        pick.setEditable(true);
        pick.promptTextProperty().bind(m.get("egress.sourcePrompt"));
        pick.getEditor().textProperty().bindBidirectional(vm.sourceToAddProperty());
        pick.valueProperty().addListener((o, a, b) -> vm.sourceToAddProperty().set(b == null ? "" : b));
        Button addSource = Ui.button(m, "common.add", vm::addSource);
        addSource.setId("egressSourceAdd");
        HBox sourceRow = new HBox(
                4,
                pick,
                addSource,
                Ui.button(
                        m,
                        "common.remove",
                        () -> vm.removeSource(sources.getSelectionModel().getSelectedItem())));

        TextArea hosts = area("egressHosts");
        hosts.textProperty().bindBidirectional(vm.hostsProperty());
        TextArea ips = area("egressIps");
        ips.textProperty().bindBidirectional(vm.ipAddressesProperty());

        ListView<PortEntry> ports = new ListView<>(vm.ports());
        ports.setId("egressPorts");
        ports.setPrefHeight(64);
        TextField number = new TextField();
        number.setId("egressPortNumber");
        number.setPrefColumnCount(6);
        number.promptTextProperty().bind(m.get("egress.portPrompt"));
        number.textProperty().bindBidirectional(vm.portNumberProperty());
        ChoiceBox<String> protocol = new ChoiceBox<>();
        protocol.setId("egressPortProtocol");
        protocol.getItems().setAll(EgressFormViewModel.PROTOCOLS);
        protocol.valueProperty().bindBidirectional(vm.portProtocolProperty());
        Button addPort = Ui.button(m, "common.add", vm::addPort);
        addPort.setId("egressPortAdd");
        HBox portRow = new HBox(
                4,
                number,
                protocol,
                addPort,
                Ui.button(
                        m,
                        "common.remove",
                        () -> vm.removePort(ports.getSelectionModel().getSelectedItem())));
        portRow.setId("egressPortRow");

        TextArea groups = area("egressRouteGroups");
        groups.textProperty().bindBidirectional(vm.routeGroupsProperty());

        getChildren()
                .addAll(
                        field(m, editor, "egress.name", "name", name),
                        field(m, editor, "egress.namespace", "namespace", namespace),
                        field(m, editor, "egress.sources", "sources", new VBox(4, sources, sourceRow)),
                        field(m, editor, "egress.hosts", "hosts", hosts),
                        field(m, editor, "egress.ipAddresses", "ipAddresses", ips),
                        field(m, editor, "egress.ports", "ports", new VBox(4, ports, portRow)),
                        field(m, editor, "egress.routeGroups", "matches", groups));
    }

    private static TextArea area(String id) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPrefRowCount(2);
        return a;
    }

    /** A labelled field with its diagnostics; outlined when the last simulation was decided by it. */
    static Node field(Messages m, EditorViewModel editor, String labelKey, String field, Node control) {
        VBox box = new VBox(2, Ui.label(m, labelKey), control, Ui.fieldError(editor.fieldErrors(), field));
        box.getStyleClass().add("field");
        box.styleProperty()
                .bind(Bindings.when(editor.highlightedFieldProperty().isEqualTo(field))
                        .then("-fx-border-color: #f9a825; -fx-border-width: 2; -fx-background-color: #fff8e1;")
                        .otherwise(""));
        return box;
    }
}
