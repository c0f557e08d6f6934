package egress.policy.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between SnakeYAML's parser and its composer and bounds what aliases expand to. SnakeYAML shares an
 * aliased node instead of copying it, but every reader of the tree walks it as a tree: a 600-byte file of
 * nested aliases (billion laughs) becomes tens of millions of nodes, and an alias to its own enclosing
 * collection never ends. This counts, per text, the nodes each alias stands for (the size of the anchored
 * node, aliases inside it included) and stops at the alias where the total passes the limit, or at an alias
 * to a collection that is still open, naming the alias's line and column.
 */
final class AliasBudget implements Parser {
    /** Nodes that aliases may add to a text, over what is written out. */
    static final int MAX_ALIAS_NODES = 100_000;

    /** The alias is over the budget or recursive; thrown through SnakeYAML's composer to the reader. */
    static final class Exceeded extends RuntimeException {
        final transient Mark mark;

        Exceeded(Mark mark, String message) {
            super(message, null, false, false);
            this.mark = mark;
        }
    }

    private static final class Open {
        final String anchor;
        long nodes = 1;

        Open(String anchor) {
            this.anchor = anchor;
        }
    }

    private final Parser parser;
    private final int limit;
    private final Deque<Open> open = new ArrayDeque<>();
    private final Map<String, Long> anchored = new HashMap<>();
    private long expanded;
    private Mark last;

    AliasBudget(Parser parser, int limit) {
        this.parser = parser;
        this.limit = limit;
    }

    /** Where the last event that was handed on started (for errors that SnakeYAML gives without a place). */
    Mark lastMark() {
        return last;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event e = parser.getEvent();
        last = e.getStartMark();
        if (e instanceof DocumentStartEvent) {
            anchored.clear(); // anchors do not reach across documents
        } else if (e instanceof CollectionStartEvent c) {
            open.push(new Open(c.getAnchor()));
        } else if (e instanceof CollectionEndEvent) {
            Open done = open.pop();
            if (done.anchor != null) {
                anchored.put(done.anchor, done.nodes);
            }
            add(done.nodes);
        } else if (e instanceof ScalarEvent s) {
            if (s.getAnchor() != null) {
                anchored.put(s.getAnchor(), 1L);
            }
            add(1);
        } else if (e instanceof AliasEvent a) {
            alias(a);
        }
        return e;
    }

    private void alias(AliasEvent a) {
        for (Open o : open) {
            if (a.getAnchor().equals(o.anchor)) {
                throw new Exceeded(
                        a.getStartMark(),
                        "alias *" + a.getAnchor() + " refers to a collection that"
                                + " contains it: it would expand for ever");
            }
        }
        long nodes = anchored.getOrDefault(a.getAnchor(), 1L); // an unknown anchor: SnakeYAML reports it
        expanded += nodes;
        if (expanded > limit) {
            throw new Exceeded(
                    a.getStartMark(),
                    "aliases expand to more than " + limit + " nodes (alias *" + a.getAnchor() + " alone stands for "
                            + nodes + "): refusing an alias bomb");
        }
        add(nodes);
    }

    private void add(long nodes) {
        Open parent = open.peek();
        if (parent != null) {
            parent.nodes += nodes;
        }
    }
}
