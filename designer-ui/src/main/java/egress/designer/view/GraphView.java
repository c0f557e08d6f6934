package egress.designer.view;

import egress.designer.viewmodel.GraphModel;
import egress.designer.viewmodel.Messages;
import egress.policy.model.Protocol;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/** Service accounts to policies to destinations, drawn with shapes; each line coloured by its protocol. */
final class GraphView extends Pane {
    static final int MAX_ROWS = 300;
    private static final double COLUMN = 330;
    private static final double ROW = 34;
    private static final double WIDTH = 230;
    private static final double HEIGHT = 24;
    private static final double TOP = 70;
    private final Messages messages;

    GraphView(Messages m, ObservableValue<GraphModel> graph) {
        this.messages = m;
        setId("graph");
        draw(graph.getValue());
        graph.addListener((o, a, now) -> draw(now));
        m.localeProperty().addListener((o, a, b) -> draw(graph.getValue()));
    }

    static Color color(String protocol) {
        Protocol p = Protocol.of(protocol);
        return p == null
                ? Color.web("#9e9e9e")
                : switch (p) {
                    case HTTP -> Color.web("#2e7d32");
                    case HTTPS -> Color.web("#1565c0");
                    case TCP -> Color.web("#ef6c00");
                    case TCP_SERVER_FIRST -> Color.web("#6a1b9a");
                };
    }

    private void draw(GraphModel g) {
        getChildren().clear();
        String[] heads = {"graph.sources", "graph.policies", "graph.destinations"};
        for (int c = 0; c < 3; c++) {
            Text t = new Text(20 + c * COLUMN, 58, messages.text(heads[c]));
            t.setStyle("-fx-font-weight: bold;");
            getChildren().add(t);
        }
        getChildren().add(legend());
        Map<String, Point2D> at = new HashMap<>();
        for (GraphModel.Node n : g.nodes()) {
            if (n.row() < MAX_ROWS) {
                at.put(n.id(), new Point2D(20 + n.column() * COLUMN, TOP + n.row() * ROW));
            }
        }
        for (GraphModel.Edge e : g.edges()) {
            Point2D a = at.get(e.from());
            Point2D b = at.get(e.to());
            if (a != null && b != null) {
                double x1 = a.getX() + WIDTH;
                double y1 = a.getY() + HEIGHT / 2;
                double x2 = b.getX();
                double y2 = b.getY() + HEIGHT / 2;
                CubicCurve curve = new CubicCurve(x1, y1, x1 + 50, y1, x2 - 50, y2, x2, y2);
                curve.setFill(null);
                curve.setStroke(color(e.protocol()));
                curve.setStrokeWidth(2);
                getChildren().add(curve);
            }
        }
        for (GraphModel.Node n : g.nodes()) {
            Point2D p = at.get(n.id());
            if (p != null) {
                getChildren().addAll(box(p, n));
            }
        }
        for (int c = 0; c < 3; c++) {
            int more = g.rows(c) - MAX_ROWS;
            if (more > 0) {
                getChildren()
                        .add(new Text(20 + c * COLUMN, TOP + MAX_ROWS * ROW + 16, messages.text("graph.more", more)));
            }
        }
    }

    private static Node[] box(Point2D p, GraphModel.Node n) {
        Rectangle r = new Rectangle(p.getX(), p.getY(), WIDTH, HEIGHT);
        r.setArcWidth(10);
        r.setArcHeight(10);
        String[] fills = {"#e3f2fd", "#fffde7", "#f1f8e9"};
        r.setFill(Color.web(fills[n.column()]));
        r.setStroke(Color.web("#607d8b"));
        Text t = new Text(p.getX() + 8, p.getY() + 16, n.label());
        return new Node[] {r, t};
    }

    private Node legend() {
        HBox box = new HBox(14);
        box.setLayoutX(20);
        box.setLayoutY(10);
        for (Protocol proto : Protocol.values()) {
            Rectangle swatch = new Rectangle(18, 4, color(proto.text()));
            Label l = new Label(proto.text(), swatch);
            box.getChildren().add(l);
        }
        return box;
    }
}
