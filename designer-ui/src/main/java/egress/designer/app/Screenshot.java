package egress.designer.app;

import egress.designer.viewmodel.DialogService;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/** Renders the main window over some files to a PNG, with no display and no user. */
public final class Screenshot {
    private Screenshot() {}

    /** Starts the toolkit (headless properties must already be set), renders, writes the PNG. */
    public static void render(List<Path> open, Path out) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                DesignerWindow w = new DesignerWindow(new Messages(), NO_DIALOGS, open, () -> {});
                Stage stage = new Stage();
                stage.setScene(w.scene());
                stage.show();
                write(w.scene().getRoot(), out);
                stage.close();
                done.complete(null);
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(60, TimeUnit.SECONDS);
        } finally {
            Platform.exit();
        }
    }

    /** Writes a node as it looks now to a PNG (FX thread). */
    public static void write(Node node, Path out) throws IOException {
        Scene scene = node.getScene();
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        WritableImage img = node == scene.getRoot() ? scene.snapshot(null) : node.snapshot(null, null);
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
    }

    private static final DialogService NO_DIALOGS = new DialogService() {
        @Override
        public Optional<Path> chooseFolder(UiText title) {
            return Optional.empty();
        }

        @Override
        public List<Path> chooseFiles(UiText title) {
            return List.of();
        }

        @Override
        public boolean confirm(UiText question) {
            return false;
        }
    };
}
