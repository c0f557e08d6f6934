package egress.policy.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link MessageFormat} pattern parsed once into literal text and argument places, for patterns whose
 * placeholders are plain {@code {n}} (all of ours: every argument is text by then). Renders as MessageFormat
 * does ({@code ''} is one apostrophe, {@code 'x{y}'} is quoted literal text), without its per-call parsing and
 * copying; a pattern with a format type ({@code {0,number}}) is left to MessageFormat itself.
 * {@code MessagesTest} checks both render every bundle text alike.
 */
final class CompiledPattern {
    private final String[] literals;
    private final int[] args;
    private final MessageFormat general;

    private CompiledPattern(String[] literals, int[] args, MessageFormat general) {
        this.literals = literals;
        this.args = args;
        this.general = general;
    }

    static CompiledPattern compile(String pattern, Locale locale) {
        List<String> literals = new ArrayList<>();
        List<Integer> args = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    text.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '{' && !quoted) {
                int close = pattern.indexOf('}', i);
                String index = close < 0 ? "" : pattern.substring(i + 1, close).trim();
                if (!index.chars().allMatch(Character::isDigit) || index.isEmpty()) {
                    return new CompiledPattern(null, null, new MessageFormat(pattern, locale));
                }
                literals.add(text.toString());
                text.setLength(0);
                args.add(Integer.parseInt(index));
                i = close;
            } else {
                text.append(c);
            }
        }
        literals.add(text.toString());
        return new CompiledPattern(
                literals.toArray(String[]::new),
                args.stream().mapToInt(Integer::intValue).toArray(),
                null);
    }

    /** The text with each place filled; a place without an argument stays {@code {n}}, as MessageFormat leaves it. */
    String format(String[] values) {
        if (general != null) {
            return ((MessageFormat) general.clone()).format(values);
        }
        StringBuilder b = new StringBuilder(literals[0]);
        for (int i = 0; i < args.length; i++) {
            int a = args[i];
            b.append(a < values.length && values[a] != null ? values[a] : "{" + a + "}")
                    .append(literals[i + 1]);
        }
        return b.toString();
    }
}
