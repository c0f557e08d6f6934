package egress.designer.view;

import egress.designer.viewmodel.Messages;
import egress.policy.i18n.Message;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;

/** Small builders that bind every text to the message bundle. */
final class Ui {
    private Ui() {}

    static Label label(Messages m, String key) {
        Label l = new Label();
        l.textProperty().bind(m.get(key));
        return l;
    }

    static Button button(Messages m, String key, Runnable action) {
        Button b = new Button();
        b.textProperty().bind(m.get(key));
        b.setOnAction(e -> action.run());
        return b;
    }

    static MenuItem item(Messages m, String key, String accelerator, Runnable action) {
        MenuItem i = new MenuItem();
        i.textProperty().bind(m.get(key));
        if (accelerator != null) {
            i.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    /** A label showing messages from policy's bundles, one a line, in the current language. */
    static Label messages(Messages m, ObservableList<Message> lines, String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("value");
        l.setWrapText(true);
        Runnable show = () -> {
            Locale locale = m.localeProperty().get();
            l.setText(
                    String.join("\n", lines.stream().map(x -> x.render(locale)).toList()));
        };
        lines.addListener((ListChangeListener<Message>) c -> show.run());
        m.localeProperty().addListener((o, was, now) -> show.run());
        show.run();
        return l;
    }

    /** A red label showing the diagnostics of one form field; empty (and no space taken) when there are none. */
    static Label fieldError(ObservableMap<String, String> errors, String field) {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        StringBinding text = Bindings.valueAt(errors, field).asString();
        l.textProperty()
                .bind(Bindings.when(Bindings.valueAt(errors, field).isNull())
                        .then("")
                        .otherwise(text));
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }
}
