package egress.designer.app;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the desktop designer on the given manifests; {@code egress designer} parses the options. With a screenshot
 * path, the main window is rendered to a PNG without any display (Monocle headless, software rendering) and the
 * program exits.
 */
public final class DesignerMain {
    private DesignerMain() {}

    /**
     * @param files      manifests or folders to open (none: an empty workspace)
     * @param screenshot where to render the window and exit, or null to show it until it is closed
     */
    public static void run(List<Path> files, Path screenshot) throws Exception {
        if (screenshot != null) {
            headless();
            Screenshot.render(files, screenshot);
            System.exit(0);
        }
        Application.launch(DesignerApp.class, files.stream().map(Path::toString).toArray(String[]::new));
    }

    /** Monocle's headless glass with the software pipeline; must be set before the toolkit starts. */
    static void headless() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
    }
}
