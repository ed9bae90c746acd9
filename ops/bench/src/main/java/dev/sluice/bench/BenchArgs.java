package dev.sluice.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/**
 * What the options of more than one benchmark command take. A converter's refusal is the option's: picocli reports it
 * as {@code Invalid value for option '--NAME': ...} with the usage, and the command exits 2.
 */
final class BenchArgs {

    private BenchArgs() {
    }

    /** Where reports go unless {@code --out} says: ops/bench-results of the checkout the launcher names. */
    static Path defaultOut() {
        return Path.of(System.getProperty("sluice.home", "."), "ops", "bench-results");
    }

    /** A count or a time of at least 1; {@code 20_000} and {@code 20,000} read as 20000, as the reports write it. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + value);
            }
            return n;
        }
    }

    /** The KEY of {@code --set KEY=VALUE}: picocli splits at the first '=' and takes an empty key; a setting does not. */
    static final class SettingKey implements ITypeConverter<String> {
        @Override
        public String convert(String key) {
            if (key.isEmpty()) {
                throw new TypeConversionException("needs a KEY before the '='");
            }
            return key;
        }
    }
}
