package egress.designer.app;

import egress.designer.view.MainView;
import egress.designer.viewmodel.DeployViewModel;
import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.WorkspaceViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.scene.Scene;

/** Builds the main window's scene: view-models, the main view and its style sheet, for the app and for tests. */
public final class DesignerWindow {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 760;
    private final WorkspaceViewModel viewModel;
    private final MainView view;
    private final Scene scene;

    public DesignerWindow(Messages messages, DialogService dialogs, List<Path> open, Runnable exit) {
        viewModel = new WorkspaceViewModel(messages, dialogs);
        viewModel.open(open);
        view = new MainView(viewModel, new DeployViewModel(), exit);
        scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                DesignerWindow.class.getResource("/egress/designer/designer.css")).toExternalForm());
    }

    public WorkspaceViewModel viewModel() {
        return viewModel;
    }

    public MainView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }
}
