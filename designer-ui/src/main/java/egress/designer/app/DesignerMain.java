package egress.designer.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/**
 * Entry point: {@code DesignerMain [--screenshot OUT.png] [FILE|DIR...]}. With {@code --screenshot}, the main
 * window is rendered to a PNG without any display (Monocle headless, software rendering) and the program exits.
 */
public final class DesignerMain {
    private DesignerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path screenshot = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--screenshot")) {
                if (i + 1 >= args.length) {
                    System.err.println("usage: DesignerMain [--screenshot OUT.png] [FILE|DIR...]");
                    System.exit(2);
                }
                screenshot = Path.of(args[++i]);
            } else {
                files.add(args[i]);
            }
        }
        if (screenshot != null) {
            headless();
            Screenshot.render(files.stream().map(Path::of).toList(), screenshot);
            System.exit(0);
        }
        Application.launch(DesignerApp.class, files.toArray(new String[0]));
    }

    /** Monocle's headless glass with the software pipeline; must be set before the toolkit starts. */
    static void headless() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
    }
}
