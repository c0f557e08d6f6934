package egress.designer.view;

import egress.designer.viewmodel.EditorViewModel;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.YamlProblem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The YAML pane: the shown object's YAML (two-way with the form), its parse error, and its problems by line. */
final class YamlView extends VBox {
    YamlView(Messages m, EditorViewModel editor) {
        setSpacing(4);
        TextArea text = new TextArea();
        text.setId("yaml");
        text.getStyleClass().add("code");
        text.textProperty().bindBidirectional(editor.yamlProperty());
        VBox.setVgrow(text, Priority.ALWAYS);

        Label error = new Label();
        error.setId("yamlError");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(m.get(editor.yamlErrorProperty()));
        error.managedProperty().bind(editor.yamlErrorProperty().isNotNull());
        error.visibleProperty().bind(error.managedProperty());

        ListView<YamlProblem> problems = new ListView<>(editor.yamlProblems());
        problems.setId("yamlProblems");
        problems.setPrefHeight(90);
        problems.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(YamlProblem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : m.text("yaml.problem", p.line(), p.code(), p.text()));
                setStyle(empty || p == null ? "" : p.error() ? "-fx-text-fill: #b71c1c;" : "-fx-text-fill: #8d6e00;");
            }
        });
        problems.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            if (p != null) {
                selectLine(text, p.line());
            }
        });
        getChildren().addAll(Ui.label(m, "yaml.title"), text, error, problems);
    }

    /** Selects a line of the text, so the user sees where a problem is. */
    private static void selectLine(TextArea text, int line) {
        String s = text.getText();
        int start = 0;
        for (int i = 1; i < line && start >= 0; i++) {
            start = s.indexOf('\n', start) + 1;
            if (start == 0) {
                return;
            }
        }
        int end = s.indexOf('\n', start);
        text.selectRange(start, end < 0 ? s.length() : end);
    }
}
