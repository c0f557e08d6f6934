package egress.designer.viewmodel;

import egress.policy.match.Decision;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.policy.yaml.Manifest;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Workbench;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.CurlParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Sends a curl line from a pod's service account through the workspace's policies, as the chosen engine would,
 * and shows what curl would print, the verdict, and the rule that decided or the nearest miss.
 */
public final class SimulationViewModel {
    private final ObjectProperty<Engine> engine;
    private final Supplier<List<Manifest>> manifests;
    private final BiConsumer<ObjectRef, String> decidedBy;
    private final StringProperty source = new SimpleStringProperty("curl/curl");
    private final StringProperty curl = new SimpleStringProperty("curl -sI http://httpbin.org:80/get");
    private final StringProperty output = new SimpleStringProperty("");
    private final StringProperty verdict = new SimpleStringProperty("");
    private final StringProperty explanation = new SimpleStringProperty("");
    private final StringProperty rule = new SimpleStringProperty("");
    private final StringProperty nearestMiss = new SimpleStringProperty("");
    private final ObjectProperty<UiText> error = new SimpleObjectProperty<>();
    private final ObjectProperty<Locale> language;
    private Simulation last;
    private final Workbench workbench;

    /**
     * @param manifests what the mesh holds (the workspace, as edited)
     * @param decidedBy told the policy and field path that decided, so the list and form can show them
     */
    SimulationViewModel(
            ObjectProperty<Engine> engine,
            Supplier<List<Manifest>> manifests,
            BiConsumer<ObjectRef, String> decidedBy) {
        this(engine, manifests, decidedBy, new SimpleObjectProperty<>(Locale.ENGLISH));
    }

    /** @param language the language the explanation and nearest miss are in; they follow a change */
    SimulationViewModel(
            ObjectProperty<Engine> engine,
            Supplier<List<Manifest>> manifests,
            BiConsumer<ObjectRef, String> decidedBy,
            ObjectProperty<Locale> language) {
        this(engine, manifests, decidedBy, language, new Workbench());
    }

    /**
     * @param workbench caches the compiled set: a simulation compiles only when the manifests changed since the
     *                  last compile for the engine (shared with the graph and validation of the workspace)
     */
    SimulationViewModel(
            ObjectProperty<Engine> engine,
            Supplier<List<Manifest>> manifests,
            BiConsumer<ObjectRef, String> decidedBy,
            ObjectProperty<Locale> language,
            Workbench workbench) {
        this.workbench = workbench;
        this.engine = engine;
        this.manifests = manifests;
        this.decidedBy = decidedBy;
        this.language = language;
        language.addListener((o, was, now) -> explain());
    }

    /** Runs the request; a malformed source or curl line shows an error and leaves the last result. */
    public void simulate() {
        Identity from;
        CurlCommand command;
        try {
            from = Identity.parse(source.get().trim());
        } catch (IllegalArgumentException e) {
            error.set(UiText.of("sim.badSource", source.get()));
            return;
        }
        try {
            command = CurlCommand.parse(curl.get().trim());
        } catch (CurlParseException e) {
            error.set(UiText.of("sim.badCurl", e.getMessage()));
            return;
        }
        error.set(null);
        Simulation s =
                workbench.sync(manifests.get()).simulator(engine.get(), true).run(SimulatedRequest.curl(from, command));
        output.set(s.kubectlOutput());
        verdict.set(s.verdict().id() + " (" + s.outcome().signal() + ")");
        last = s;
        explain();
        Decision d = s.decision();
        rule.set(d == null || d.rule() == null ? "" : d.policy() + " " + d.rule());
        decidedBy.accept(
                d == null ? null : d.policy(),
                d == null || d.rule() == null ? null : d.rule().fieldPath());
    }

    /** The last simulation's explanation and nearest miss, in the current language. */
    private void explain() {
        if (last == null) {
            return;
        }
        Locale l = language.get();
        explanation.set(last.explain(l));
        Decision d = last.decision();
        String miss = d == null || d.allowed() ? null : d.nearestMiss(l);
        nearestMiss.set(miss == null ? "" : miss);
    }

    public ObjectProperty<Engine> engineProperty() {
        return engine;
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty curlProperty() {
        return curl;
    }

    /** What {@code kubectl exec ... -- curl} prints. */
    public StringProperty outputProperty() {
        return output;
    }

    public StringProperty verdictProperty() {
        return verdict;
    }

    public StringProperty explanationProperty() {
        return explanation;
    }

    /** The deciding policy and rule ({@code curl/httpbin-80 spec.ports[0] 80/http, host httpbin.org}), or empty. */
    public StringProperty ruleProperty() {
        return rule;
    }

    public StringProperty nearestMissProperty() {
        return nearestMiss;
    }

    public ObjectProperty<UiText> errorProperty() {
        return error;
    }
}
