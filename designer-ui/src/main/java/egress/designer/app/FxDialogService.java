package egress.designer.app;

import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Dialogs for the view-models, with texts from the message bundle. */
final class FxDialogService implements DialogService {
    private final Messages messages;
    private final Window owner;

    FxDialogService(Messages messages, Window owner) {
        this.messages = messages;
        this.owner = owner;
    }

    @Override
    public Optional<Path> chooseFolder(UiText title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(messages.text(title));
        File f = chooser.showDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public List<Path> chooseFiles(UiText title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.text(title));
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public boolean confirm(UiText question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, messages.text(question), ButtonType.YES, ButtonType.NO);
        a.initOwner(owner);
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }
}
