package egress.designer.view;

import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.SimulationViewModel;
import egress.policy.model.Engine;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Source and curl line in; curl's output, the verdict and the deciding rule or nearest miss out. */
final class SimulationView extends VBox {
    SimulationView(Messages m, SimulationViewModel vm) {
        setSpacing(6);
        TextField source = new TextField();
        source.setId("simSource");
        source.setPrefColumnCount(14);
        source.textProperty().bindBidirectional(vm.sourceProperty());
        ChoiceBox<Engine> engine = new ChoiceBox<>();
        engine.setId("simEngine");
        engine.getItems().setAll(Engine.values());
        engine.setConverter(new StringConverter<>() {
            @Override
            public String toString(Engine e) {
                return e == null ? "" : e.id();
            }

            @Override
            public Engine fromString(String s) {
                return Engine.parse(s);
            }
        });
        engine.valueProperty().bindBidirectional(vm.engineProperty());
        TextField curl = new TextField();
        curl.setId("simCurl");
        curl.getStyleClass().add("code");
        curl.textProperty().bindBidirectional(vm.curlProperty());
        curl.setOnAction(e -> vm.simulate());
        HBox.setHgrow(curl, Priority.ALWAYS);
        HBox input = new HBox(
                6,
                Ui.label(m, "sim.source"),
                source,
                Ui.label(m, "sim.engine"),
                engine,
                Ui.label(m, "sim.curl"),
                curl,
                Ui.button(m, "sim.run", vm::simulate));

        Label error = new Label();
        error.getStyleClass().add("field-error");
        error.textProperty().bind(m.get(vm.errorProperty()));

        GridPane result = new GridPane();
        result.setHgap(8);
        result.setVgap(4);
        result.addRow(0, Ui.label(m, "sim.verdict"), value("simVerdict", vm.verdictProperty()));
        result.addRow(1, Ui.label(m, "sim.rule"), value("simRule", vm.ruleProperty()));
        result.addRow(2, Ui.label(m, "sim.nearestMiss"), value("simNearestMiss", vm.nearestMissProperty()));

        TextArea output = new TextArea();
        output.setId("simOutput");
        output.getStyleClass().add("code");
        output.setEditable(false);
        output.textProperty().bind(vm.outputProperty());
        VBox.setVgrow(output, Priority.ALWAYS);
        TextArea explain = new TextArea();
        explain.setId("simExplain");
        explain.getStyleClass().add("code");
        explain.setEditable(false);
        explain.setPrefRowCount(4);
        explain.textProperty().bind(vm.explanationProperty());
        getChildren()
                .addAll(input, error, result, Ui.label(m, "sim.output"), output, Ui.label(m, "sim.explain"), explain);
    }

    private static Label value(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("value");
        l.textProperty().bind(text);
        return l;
    }
}
