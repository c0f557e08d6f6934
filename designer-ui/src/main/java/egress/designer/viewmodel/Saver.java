package egress.designer.viewmodel;

import egress.designer.workspace.Doc;
import egress.designer.workspace.SourceFile;
import egress.designer.workspace.Workspace;
import egress.designer.workspace.WorkspaceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Saves a workspace file by file; a file someone else changed since it was read is left alone and reported. */
final class Saver {
    /** @param conflicts files changed on disk by someone else, not written; failures: "file: reason" */
    record Result(int saved, List<SourceFile> conflicts, List<String> failures) {}

    private Saver() {}

    /** Saves the changed files in place; new files get a name in the workspace folder. */
    static Result save(Workspace w) {
        int saved = 0;
        List<SourceFile> conflicts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (SourceFile f : w.files()) {
            if (!f.dirty()
                    || f.loadError() != null
                    || f.path() == null && f.docs().isEmpty()) {
                continue;
            }
            try {
                if (WorkspaceStore.changedOnDisk(f)) {
                    conflicts.add(f);
                    continue;
                }
                WorkspaceStore.save(f, f.path() != null ? f.path() : newName(w.root(), f));
                saved++;
            } catch (IOException e) {
                failures.add(f.label() + ": " + e.getMessage());
            }
        }
        return new Result(saved, conflicts, failures);
    }

    /** Writes every file into another folder (same relative names) and makes it the workspace folder. */
    static Result saveTo(Workspace w, Path folder) {
        int saved = 0;
        List<String> failures = new ArrayList<>();
        Path oldRoot = w.root();
        for (SourceFile f : w.files()) {
            if (f.path() == null && f.docs().isEmpty()) {
                continue;
            }
            try {
                Path target;
                if (f.path() == null) {
                    target = newName(folder, f);
                } else if (oldRoot != null && f.path().startsWith(oldRoot)) {
                    target = folder.resolve(oldRoot.relativize(f.path()).toString());
                } else {
                    target = folder.resolve(f.path().getFileName().toString());
                }
                WorkspaceStore.save(f, target);
                saved++;
            } catch (IOException e) {
                failures.add(f.label() + ": " + e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            w.setRoot(folder);
        }
        return new Result(saved, List.of(), failures);
    }

    /** {@code egress-httpbin-80.yaml}, made unique in the folder. */
    static Path newName(Path folder, SourceFile f) {
        Doc first = f.docs().isEmpty() ? null : f.docs().get(0);
        String base = first == null
                ? "untitled"
                : first.kind().toLowerCase(Locale.ROOT) + "-" + (first.name() == null ? "unnamed" : first.name());
        base = base.replaceAll("[^A-Za-z0-9._-]", "_");
        Path p = folder.resolve(base + ".yaml");
        for (int i = 2; Files.exists(p); i++) {
            p = folder.resolve(base + "-" + i + ".yaml");
        }
        return p;
    }
}
