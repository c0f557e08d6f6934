package egress.policy.i18n;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A user-facing text as a stable code and its arguments, rendered in a language by {@link Messages}: a
 * decision's reason ({@code reason.no-egress-for-port}), a nearest miss ({@code miss.port}) or a lint
 * ({@code EGR302}). An argument is a verbatim value (a host, a port, a regex, a name) or another message,
 * rendered in the same language.
 *
 * @param code a key of the message bundles
 * @param args the values of its placeholders {@code {0}}, {@code {1}}, ...: strings, numbers or messages
 */
public record Message(String code, List<Object> args) {
    public Message {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Message of(String code, Object... args) {
        return new Message(code, java.util.Arrays.asList(args));
    }

    /** The text in a language. */
    public String render(Locale locale) {
        return Messages.render(this, locale);
    }

    /** The English text, as the product has always printed it. */
    public String english() {
        return Messages.render(this, Locale.ENGLISH);
    }

    /** The arguments as plain text for an API: nested messages rendered in the given language. */
    public List<String> textArgs(Locale locale) {
        List<String> out = new ArrayList<>(args.size());
        for (Object a : args) {
            out.add(Messages.text(a, locale));
        }
        return out;
    }

    @Override
    public String toString() {
        return english();
    }
}
