package egress.cli;

import egress.enforcer.config.ConnectTo;
import egress.enforcer.config.EnforcerConfig;
import egress.policy.model.Identity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters onto the enforcer's own value parsers, so an option's value is read in one place and a bad
 * one is a usage error (exit 2) carrying the parser's message, which names the option.
 */
final class Converters {
    private Converters() {}

    private static <T> T convert(Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage().strip());
        }
    }

    static final class IdentityConverter implements ITypeConverter<Identity> {
        @Override
        public Identity convert(String v) {
            return Converters.convert(Identity::parse, v);
        }
    }

    static final class ListenConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String v) {
            return Converters.convert(t -> EnforcerConfig.address(t, "--listen"), v);
        }
    }

    static final class ListenerConverter implements ITypeConverter<EnforcerConfig.Listener> {
        @Override
        public EnforcerConfig.Listener convert(String v) {
            return Converters.convert(EnforcerConfig.Listener::parse, v);
        }
    }

    /** {@code --admin ADDR:PORT|off}: the address, or null for off. */
    record Admin(InetSocketAddress address) {}

    static final class AdminConverter implements ITypeConverter<Admin> {
        @Override
        public Admin convert(String v) {
            return new Admin(Converters.convert(EnforcerConfig::adminAddress, v));
        }
    }

    static final class ConnectToConverter implements ITypeConverter<ConnectTo> {
        @Override
        public ConnectTo convert(String v) {
            return Converters.convert(ConnectTo::parse, v);
        }
    }

    static final class ModeConverter implements ITypeConverter<EnforcerConfig.Mode> {
        @Override
        public EnforcerConfig.Mode convert(String v) {
            return Converters.convert(EnforcerConfig.Mode::parse, v);
        }
    }

    static final class IdentityFromConverter implements ITypeConverter<EnforcerConfig.IdentityFrom> {
        @Override
        public EnforcerConfig.IdentityFrom convert(String v) {
            return Converters.convert(EnforcerConfig.IdentityFrom::parse, v);
        }
    }

    /** Milliseconds, a whole number 0 or more. */
    static final class MillisConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            return Converters.convert(t -> EnforcerConfig.millis(t, ""), v);
        }
    }

    /** Seconds, a whole number 0 or more. */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            return Converters.convert(t -> Duration.ofSeconds(EnforcerConfig.number(t, "")), v);
        }
    }

    /** A whole number, 0 or more. */
    static final class CountConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return Converters.convert(t -> (int) EnforcerConfig.number(t, ""), v);
        }
    }
}
