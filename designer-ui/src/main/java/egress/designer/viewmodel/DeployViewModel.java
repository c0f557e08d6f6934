package egress.designer.viewmodel;

import egress.policy.yaml.Manifest;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Deploying the workspace through a {@link Deployer} (the server module's DeployService). Without one, deploy is
 * shown but unavailable; this class never deploys by itself.
 */
public final class DeployViewModel {
    private final Deployer deployer;
    private final BooleanProperty available = new SimpleBooleanProperty();
    private final StringProperty target = new SimpleStringProperty("");
    private final ObservableList<String> targets = FXCollections.observableArrayList();
    private final ObservableList<String> planned = FXCollections.observableArrayList();
    private final ObjectProperty<Deployer.Plan> plan = new SimpleObjectProperty<>();
    private final ObjectProperty<Deployer.Progress> progress = new SimpleObjectProperty<>();
    private final ObjectProperty<Deployer.Result> result = new SimpleObjectProperty<>();

    /** @param deployer null when this build has no deploy service */
    public DeployViewModel(Deployer deployer) {
        this.deployer = deployer;
        available.set(deployer != null);
        if (deployer != null) {
            targets.setAll(deployer.targets());
            target.set(targets.isEmpty() ? "" : targets.get(0));
        }
    }

    /** Works out what deploying would change on the chosen target. */
    public void plan(List<Manifest> manifests) {
        if (deployer == null) {
            return;
        }
        Deployer.Plan p = deployer.plan(target.get(), manifests);
        plan.set(p);
        planned.setAll(p.changes());
    }

    /** Applies the last plan; progress and the result arrive through the deployer's callbacks. */
    public void apply() {
        Deployer.Plan p = plan.get();
        if (deployer == null || p == null) {
            return;
        }
        deployer.apply(p, progress::set).thenAccept(result::set);
    }

    public BooleanProperty availableProperty() {
        return available;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public ObservableList<String> targets() {
        return targets;
    }

    public ObservableList<String> planned() {
        return planned;
    }

    public ObjectProperty<Deployer.Progress> progressProperty() {
        return progress;
    }

    public ObjectProperty<Deployer.Result> resultProperty() {
        return result;
    }
}
