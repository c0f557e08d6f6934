package egress.designer.app;

import egress.designer.view.MainView;
import egress.designer.viewmodel.DeployViewModel;
import egress.designer.viewmodel.Deployer;
import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.WorkspaceViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Builds the main window's scene: view-models, the main view and its style sheet, for the app and for tests. */
public final class DesignerWindow {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 760;
    private final WorkspaceViewModel viewModel;
    /** One deploy at a time, off the FX thread; a daemon, so that it never keeps the app from exiting. */
    private static final Executor DEPLOY_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    });
    /** Reading traffic and deciding it after each edit, off the FX thread; a daemon, like the deploy thread. */
    private static final Executor TRAFFIC_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "traffic");
        t.setDaemon(true);
        return t;
    });

    private final DeployViewModel deploy;
    private final MainView view;
    private final Scene scene;

    /** A window without a deploy service (deploy is shown but unavailable). */
    public DesignerWindow(Messages messages, DialogService dialogs, List<Path> open, Runnable exit) {
        this(messages, dialogs, open, exit, null);
    }

    /** @param deployer where Run &gt; Deploy goes (null: unavailable); plans and applies run on a daemon thread */
    public DesignerWindow(Messages messages, DialogService dialogs, List<Path> open, Runnable exit, Deployer deployer) {
        viewModel = new WorkspaceViewModel(messages, dialogs, TRAFFIC_THREAD, Platform::runLater);
        viewModel.open(open);
        deploy = new DeployViewModel(
                deployer,
                dialogs,
                () -> viewModel.workspace().manifests(),
                DEPLOY_THREAD,
                Platform::runLater,
                viewModel.traffic());
        // what changed in the traffic view is counted from the last deploy as well as from the last save
        deploy.resultProperty().addListener((o, was, now) -> {
            if (now != null
                    && now.outcome() == Deployer.Outcome.APPLIED
                    && deploy.planProperty().get() != null) {
                viewModel.traffic().baseline(deploy.planProperty().get().manifests());
                viewModel.traffic().edited(viewModel.workspace().manifests());
            }
        });
        view = new MainView(viewModel, deploy, exit);
        scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets()
                .add(Objects.requireNonNull(DesignerWindow.class.getResource("/egress/designer/designer.css"))
                        .toExternalForm());
    }

    public WorkspaceViewModel viewModel() {
        return viewModel;
    }

    public DeployViewModel deploy() {
        return deploy;
    }

    public MainView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }
}
