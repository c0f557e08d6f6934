package egress.designer.viewmodel;

import egress.designer.workspace.Doc;
import egress.designer.workspace.Edit;
import egress.designer.workspace.Edits;
import egress.designer.workspace.SourceFile;
import egress.designer.workspace.UndoStack;
import egress.designer.workspace.Workspace;
import egress.designer.workspace.WorkspaceStore;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.policy.validate.Diagnostic;
import egress.policy.vocab.Namespaces;
import egress.policy.vocab.Templates;
import egress.simulator.Workbench;
import egress.simulator.learn.Proposal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The designer's main view-model: the open workspace, its policy list, the selected policy's editor, validation,
 * the graph, simulation, tests, saving and undo. Holds state and commands only; views bind to it.
 */
public final class WorkspaceViewModel {
    private final Messages messages;
    private final DialogService dialogs;
    private final UndoStack undo = new UndoStack();
    private final ObjectProperty<Engine> engine = new SimpleObjectProperty<>(Engine.OSM);
    private final ObservableList<Doc> policies = FXCollections.observableArrayList();
    private final ObjectProperty<Doc> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Doc> decided = new SimpleObjectProperty<>();
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    private final ObjectProperty<GraphModel> graph = new SimpleObjectProperty<>(GraphModel.EMPTY);
    private final ObjectProperty<UiText> status = new SimpleObjectProperty<>(UiText.of("status.ready"));
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final BooleanProperty canUndo = new SimpleBooleanProperty();
    private final BooleanProperty canRedo = new SimpleBooleanProperty();
    private final EditorViewModel editor = new EditorViewModel(undo, d -> changed(d, false));
    private final SimulationViewModel simulation;
    private final TestsViewModel tests = new TestsViewModel();
    private final TrafficViewModel traffic;
    /** Objects added by "Propose from traffic" and not saved yet: the list marks them new. */
    private final ObservableSet<Doc> proposed = FXCollections.observableSet();

    private Workspace workspace = Workspace.empty();
    /** Caches validation, the compiled sets and graphs of the workspace's manifests until they change. */
    private final Workbench workbench = new Workbench();

    /** A view-model whose traffic work runs on the calling thread (tests, screenshots). */
    public WorkspaceViewModel(Messages messages, DialogService dialogs) {
        this(messages, dialogs, Runnable::run, Runnable::run);
    }

    /**
     * @param background where the traffic view's work runs (reading traffic, deciding it after each edit, learning)
     * @param ui         where its results are shown (Platform.runLater in the app)
     */
    public WorkspaceViewModel(Messages messages, DialogService dialogs, Executor background, Executor ui) {
        this.messages = messages;
        this.dialogs = dialogs;
        this.simulation = new SimulationViewModel(
                engine, () -> workspace.manifests(), this::decidedBy, messages.localeProperty(), workbench);
        this.traffic = new TrafficViewModel(dialogs, engine, workbench, background, ui, this::addProposals);
        // lint messages and decisions are explained in the chosen language (admission messages stay verbatim)
        messages.localeProperty().addListener((o, was, now) -> editor.showDiagnostics(List.copyOf(diagnostics), now));
        selected.addListener((o, was, now) -> {
            editor.show(now);
            revalidate();
        });
        engine.addListener((o, was, now) -> {
            revalidate();
            graph.set(graphOf(bench(), now));
            traffic.edited(bench().manifests());
        });
    }

    /** Asks for a folder and opens it. */
    public void openFolder() {
        dialogs.chooseFolder(UiText.of("dialog.open")).ifPresent(p -> open(List.of(p)));
    }

    /** Opens folders and files (every .yaml/.yml/.json under a folder); an empty list opens an empty workspace. */
    public void open(List<Path> paths) {
        try {
            load(WorkspaceStore.open(paths));
            List<SourceFile> bad = workspace.unreadable();
            status.set(
                    bad.isEmpty()
                            ? UiText.of(
                                    "status.opened",
                                    policies.size(),
                                    workspace.files().size())
                            : UiText.of(
                                    "status.openedUnreadable",
                                    policies.size(),
                                    bad.get(0).loadError()));
        } catch (IOException e) {
            status.set(UiText.of("status.openFailed", e.getMessage()));
        }
    }

    public void newWorkspace() {
        load(Workspace.empty());
        status.set(UiText.of("status.ready"));
    }

    private void load(Workspace w) {
        workspace = w;
        undo.clear();
        selected.set(null);
        proposed.clear();
        traffic.baseline(w.manifests());
        changed(null, true);
        if (!policies.isEmpty()) {
            selected.set(policies.get(0));
        }
    }

    /** Adds a new Egress (in a new file) and selects it. */
    public void newEgress() {
        String ns = knownNamespace();
        create(Templates.egress(freshName(Egress.KIND, ns, Templates.EGRESS_NAME), ns));
    }

    public void newRouteGroup() {
        String ns = knownNamespace();
        create(Templates.routeGroup(freshName(HttpRouteGroup.KIND, ns, Templates.ROUTE_GROUP_NAME), ns));
    }

    private String freshName(String kind, String namespace, String base) {
        return Templates.freshName(
                base,
                name -> workspace.docs().stream()
                        .anyMatch(d ->
                                kind.equals(d.kind()) && namespace.equals(d.namespace()) && name.equals(d.name())));
    }

    private void create(Map<String, Object> content) {
        SourceFile f = SourceFile.unsaved(null);
        workspace.addFile(f);
        Doc d = Doc.create(f, content);
        undo.push(Edits.insert(d));
        undo.seal();
        changed(d, true);
        selected.set(d);
    }

    public void deleteSelected() {
        Doc d = selected.get();
        if (d != null) {
            undo.push(Edits.remove(d));
            undo.seal();
            selected.set(null);
            changed(d, true);
        }
    }

    public void undo() {
        afterHistory(undo.undo());
    }

    public void redo() {
        afterHistory(undo.redo());
    }

    private void afterHistory(Edit e) {
        if (e != null) {
            changed(e.doc(), true);
            if (e.doc() != null && e.doc().file().docs().contains(e.doc())) {
                if (selected.get() == e.doc()) {
                    editor.refresh();
                } else {
                    selected.set(e.doc());
                }
            }
        }
    }

    /** Saves changed files atomically; files changed on disk by someone else are not overwritten. */
    public void save() {
        if (workspace.root() == null && workspace.dirty()) {
            Optional<Path> folder = dialogs.chooseFolder(UiText.of("dialog.saveTo"));
            folder.ifPresent(this::saveTo);
            return;
        }
        Saver.Result r = Saver.save(workspace);
        undo.seal();
        report(r);
        if (!r.conflicts().isEmpty() && dialogs.confirm(UiText.of("dialog.reloadChanged", names(r.conflicts())))) {
            reloadChanged();
        }
    }

    /** Writes the whole workspace into a folder, which becomes its folder. */
    public void saveTo(Path folder) {
        report(Saver.saveTo(workspace, folder.toAbsolutePath().normalize()));
    }

    private void report(Saver.Result r) {
        dirty.set(workspace.dirty());
        proposed.removeIf(d -> !d.file().dirty());
        if (r.failures().isEmpty() && r.conflicts().isEmpty()) {
            traffic.baseline(workspace.manifests()); // what changed since the last save starts again from here
            traffic.edited(workspace.manifests());
        }
        if (!r.failures().isEmpty()) {
            status.set(UiText.of("status.saveFailed", r.failures().get(0)));
        } else if (!r.conflicts().isEmpty()) {
            status.set(UiText.of("status.changedOnDisk", names(r.conflicts())));
        } else {
            status.set(UiText.of("status.saved", r.saved()));
        }
    }

    /** Reads again the files someone else changed on disk; the designer's unsaved changes to them are dropped. */
    public void reloadChanged() {
        int n = 0;
        for (SourceFile f : List.copyOf(workspace.files())) {
            try {
                if (f.path() != null && WorkspaceStore.changedOnDisk(f)) {
                    workspace.replace(f, WorkspaceStore.reload(f));
                    n++;
                }
            } catch (IOException e) {
                status.set(UiText.of("status.openFailed", e.getMessage()));
            }
        }
        undo.clear();
        selected.set(null);
        proposed.removeIf(d -> !workspace.docs().contains(d));
        changed(null, true);
        status.set(UiText.of("status.reloaded", n));
    }

    /**
     * Adds learned policies to the workspace for review, one new unsaved file per proposal (its Egress, then its
     * route group), as one undoable step; each object is marked new in the list until it is saved.
     */
    void addProposals(List<Proposal> learned) {
        List<Edit> inserts = new ArrayList<>();
        List<Doc> added = new ArrayList<>();
        for (Proposal p : learned) {
            SourceFile f = SourceFile.unsaved(null);
            workspace.addFile(f);
            List<Map<String, Object>> objects = new ArrayList<>();
            objects.add(p.egress());
            if (p.routeGroup() != null) {
                objects.add(p.routeGroup());
            }
            // each goes in at the top of its empty file, so the last one is inserted first
            for (int i = objects.size() - 1; i >= 0; i--) {
                Doc d = Doc.create(f, objects.get(i));
                inserts.add(Edits.insert(d));
                added.add(d);
            }
        }
        if (inserts.isEmpty()) {
            return;
        }
        undo.push(Edits.all(inserts));
        undo.seal();
        proposed.addAll(added);
        changed(null, true);
        selected.set(added.get(added.size() - 1));
        status.set(UiText.of("status.proposed", learned.size()));
    }

    public void runTests() {
        tests.run(workspace, bench(), messages.localeProperty().get());
    }

    private void decidedBy(ObjectRef policy, String fieldPath) {
        Doc hit = null;
        for (Doc d : policies) {
            if (policy != null && d.isEgress() && policy.equals(new ObjectRef(d.namespace(), d.name()))) {
                hit = d;
            }
        }
        decided.set(hit);
        if (hit != null) {
            selected.set(hit);
            editor.highlightedFieldProperty().set(EditorViewModel.field(fieldPath == null ? "" : fieldPath));
        }
    }

    /** Brings everything derived from the workspace up to date after a change to {@code d}. */
    private void changed(Doc d, boolean structure) {
        if (structure) {
            policies.setAll(workspace.docs().stream().filter(Doc::isPolicy).toList());
        } else if (d != null) {
            int i = policies.indexOf(d);
            if (i >= 0) {
                policies.set(i, d);
            }
        }
        if (d != null) {
            decided.set(null);
        }
        Workbench.Snapshot now = bench();
        // first, so that the traffic thread decides while this one validates and redraws the graph
        traffic.edited(now.manifests());
        revalidate();
        PolicySet set = PolicySet.of(now.manifests());
        graph.set(graphOf(now, engine.get()));
        TreeSet<String> accounts = new TreeSet<>();
        set.serviceAccounts().forEach(r -> accounts.add(r.namespace() + "/" + r.name()));
        set.egresses()
                .forEach(e -> e.sources().stream()
                        .filter(s -> s.namespace() != null && s.name() != null)
                        .forEach(s -> accounts.add(s.namespace() + "/" + s.name())));
        editor.egress().knownServiceAccounts().setAll(accounts);
        dirty.set(workspace.dirty());
        canUndo.set(undo.canUndo());
        canRedo.set(undo.canRedo());
    }

    private void revalidate() {
        List<Diagnostic> all = bench().report(engine.get()).diagnostics();
        diagnostics.setAll(all);
        editor.showDiagnostics(all, messages.localeProperty().get());
    }

    /**
     * The workspace as the workbench holds it: a new version (its report, compiled sets and graphs computed again
     * on first use) only when a manifest changed since the last call.
     */
    private Workbench.Snapshot bench() {
        return workbench.sync(workspace.manifests());
    }

    /** The graph as the engine compiles the set, a missing namespace taken as {@code default} as simulation does. */
    private static GraphModel graphOf(Workbench.Snapshot snapshot, Engine engine) {
        return GraphModel.of(
                PolicySet.of(Namespaces.defaulted(snapshot.manifests(), Namespaces.DEFAULT)), snapshot.graph(engine));
    }

    private String knownNamespace() {
        Doc d = selected.get();
        return d != null && d.namespace() != null ? d.namespace() : "default";
    }

    private static String names(List<SourceFile> files) {
        return String.join(
                ", ", files.stream().map(f -> f.path().getFileName().toString()).toList());
    }

    public Messages messages() {
        return messages;
    }

    public Workspace workspace() {
        return workspace;
    }

    public ObservableList<Doc> policies() {
        return policies;
    }

    public ObjectProperty<Doc> selectedProperty() {
        return selected;
    }

    /** The policy that decided the last simulation, for the list to mark; null when none or after an edit. */
    public ObjectProperty<Doc> decidedProperty() {
        return decided;
    }

    public ObservableList<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public ObjectProperty<GraphModel> graphProperty() {
        return graph;
    }

    public ObjectProperty<UiText> statusProperty() {
        return status;
    }

    /** The cache of reports, compiled sets and graphs (its counters show how often they were computed). */
    Workbench workbench() {
        return workbench;
    }

    public ObjectProperty<Engine> engineProperty() {
        return engine;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public BooleanProperty canUndoProperty() {
        return canUndo;
    }

    public BooleanProperty canRedoProperty() {
        return canRedo;
    }

    public EditorViewModel editor() {
        return editor;
    }

    public SimulationViewModel simulation() {
        return simulation;
    }

    public TestsViewModel tests() {
        return tests;
    }

    public TrafficViewModel traffic() {
        return traffic;
    }

    /** Objects proposed from traffic and not saved yet. */
    public ObservableSet<Doc> proposed() {
        return proposed;
    }
}
