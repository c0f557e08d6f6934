package egress.cli;

import egress.designer.app.DesignerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "designer",
        description = {
            "Open the desktop designer on a folder or files of manifests (or an empty workspace).",
            "  egress designer samples/",
            "  egress designer --screenshot designer.png samples/   (renders the window to a PNG, no display needed)"
        })
final class DesignerCommand implements Callable<Integer> {
    @Option(names = "--screenshot", paramLabel = "OUT.png", description = "render the main window to a PNG and exit")
    Path screenshot;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "manifests to open")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        DesignerMain.run(paths, screenshot);
        return 0;
    }
}
