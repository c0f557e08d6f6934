package egress.designer.viewmodel;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * Every user-facing text, from {@code egress/designer/messages*.properties} (UTF-8), in the language chosen at
 * run time. Views bind their texts to {@link #get}, so switching {@link #localeProperty()} relabels everything.
 */
public final class Messages {
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.JAPANESE);
    private static final String BUNDLE = "egress.designer.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(Locale.ENGLISH);
    private ResourceBundle bundle;
    private Locale bundleLocale;

    public Messages() {
        this(Locale.ENGLISH);
    }

    public Messages(Locale initial) {
        locale.set(initial);
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    /** The text of a key, formatted with arguments, in the current language. */
    public String text(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle().getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        if (args.length == 0) {
            return pattern;
        }
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof egress.policy.i18n.Message m) { // policy's explanations, in the same language
                shown[i] = m.render(locale.get());
            }
        }
        return new MessageFormat(pattern, locale.get()).format(shown);
    }

    public String text(UiText t) {
        return t == null ? "" : text(t.key(), t.args().toArray());
    }

    /** A text that follows the language. */
    public StringBinding get(String key, Object... args) {
        return Bindings.createStringBinding(() -> text(key, args), locale);
    }

    /** A text that follows both the language and a changing message. */
    public StringBinding get(ObservableValue<UiText> message) {
        return Bindings.createStringBinding(() -> text(message.getValue()), locale, message);
    }

    /**
     * The bundle of the current locale, loaded on first use: bindings are invalidated before any change listener
     * runs, so the bundle must follow the locale when a text is asked for, not when the locale changes.
     */
    private ResourceBundle bundle() {
        Locale l = locale.get();
        if (!l.equals(bundleLocale)) {
            bundle = load(l);
            bundleLocale = l;
        }
        return bundle;
    }

    private static ResourceBundle load(Locale l) {
        Locale pick = Locale.JAPANESE.getLanguage().equals(l.getLanguage()) ? Locale.JAPANESE : Locale.ROOT;
        return ResourceBundle.getBundle(BUNDLE, pick, Messages.class.getClassLoader(), NO_FALLBACK);
    }
}
