package egress.designer.app;

import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.stage.Stage;

/** The JavaFX application: one main window over the files named on the command line. */
public final class DesignerApp extends Application {
    private ServiceDeployer deployer;

    @Override
    public void start(Stage stage) {
        Messages messages = new Messages();
        List<Path> open = getParameters().getUnnamed().stream().map(Path::of).toList();
        DialogService[] dialogs = new DialogService[1];
        DialogService late = new DialogService() {
            @Override
            public Optional<Path> chooseFolder(UiText title) {
                return dialogs[0].chooseFolder(title);
            }

            @Override
            public List<Path> chooseFiles(UiText title) {
                return dialogs[0].chooseFiles(title);
            }

            @Override
            public boolean confirm(UiText question) {
                return dialogs[0].confirm(question);
            }
        };
        dialogs[0] = new FxDialogService(messages, stage);
        deployer = ServiceDeployer.desktop();
        DesignerWindow window = new DesignerWindow(messages, late, open, Platform::exit, deployer);
        stage.titleProperty()
                .bind(Bindings.concat(
                        messages.get("app.title"),
                        Bindings.when(window.viewModel().dirtyProperty())
                                .then(" *")
                                .otherwise("")));
        stage.setScene(window.scene());
        stage.show();
    }

    /** Stops the embedded cluster the app started, if it did, and closes its cluster connections. */
    @Override
    public void stop() {
        if (deployer != null) {
            deployer.close();
        }
    }
}
