package egress.policy.i18n;

import java.util.Locale;

/** Bad input whose explanation a front end can show in the user's language: {@link #getMessage()} is the English. */
public class MessageException extends IllegalArgumentException {
    private final transient Message detail;

    public MessageException(Message detail) {
        super(detail.english());
        this.detail = detail;
    }

    public Message detail() {
        return detail;
    }

    public String getMessage(Locale locale) {
        return detail.render(locale);
    }
}
