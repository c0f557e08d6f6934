package egress.designer.viewmodel;

import egress.fixtures.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Shared test helpers: where the samples are, and a dialog service answering from a script. */
public final class Fixtures {
    private Fixtures() {}

    public static Path samples() {
        return Project.samples();
    }

    /** A folder with the guide's client (curl.yaml) and MeshConfig only, to author policies into. */
    public static Path guideStart(Path dir) throws IOException {
        Files.copy(samples().resolve("curl.yaml"), dir.resolve("curl.yaml"));
        Files.copy(samples().resolve("meshconfig.yaml"), dir.resolve("meshconfig.yaml"));
        return dir;
    }

    public static final class ScriptedDialogs implements DialogService {
        public final Deque<Path> folders = new ArrayDeque<>();
        public final Deque<List<Path>> files = new ArrayDeque<>();
        public boolean answer;
        public UiText lastQuestion;

        @Override
        public Optional<Path> chooseFolder(UiText title) {
            return Optional.ofNullable(folders.poll());
        }

        @Override
        public List<Path> chooseFiles(UiText title) {
            List<Path> next = files.poll();
            return next == null ? List.of() : next;
        }

        @Override
        public boolean confirm(UiText question) {
            lastQuestion = question;
            return answer;
        }
    }
}
